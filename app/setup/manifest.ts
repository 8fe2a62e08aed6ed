import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { z } from 'zod';
import { packageRoot } from '../../gates/core/package-root.js';

/** app.yml: GitHub's app-manifest fields that do not depend on where the App runs. */
const AppYmlSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  url: z.string().url(),
  public: z.boolean().default(false),
  default_events: z.array(z.string()),
  default_permissions: z.record(z.string(), z.enum(['read', 'write'])),
});

export type AppManifest = z.infer<typeof AppYmlSchema> & {
  hook_attributes: { url: string; active: boolean };
  redirect_url: string;
};

export function readAppYml(path = join(packageRoot(), 'app.yml')): z.infer<typeof AppYmlSchema> {
  return AppYmlSchema.parse(load(readFileSync(path, 'utf8')));
}

/**
 * The manifest the setup page posts to GitHub: app.yml plus where this server is. Webhooks go to
 * WEBHOOK_PROXY_URL (smee, for a laptop GitHub cannot reach) or to this server's webhook path.
 */
export function appManifest(options: { baseUrl: string; webhookPath: string; webhookProxyUrl?: string; appYml?: z.infer<typeof AppYmlSchema> }): AppManifest {
  const yml = options.appYml ?? readAppYml();
  return {
    ...yml,
    hook_attributes: { url: options.webhookProxyUrl || `${options.baseUrl}${options.webhookPath}`, active: true },
    redirect_url: `${options.baseUrl}/setup`,
  };
}

/** Where GitHub's "register a new App from a manifest" form lives: github.com or GHES, a user or an org (GH_ORG). */
export function newAppUrl(env: NodeJS.ProcessEnv): string {
  const host = env.GHE_HOST || 'github.com';
  const protocol = env.GHE_HOST ? env.GHE_PROTOCOL || 'https' : 'https';
  const org = env.GH_ORG ? `/organizations/${encodeURIComponent(env.GH_ORG)}` : '';
  return `${protocol}://${host}${org}/settings/apps/new`;
}
