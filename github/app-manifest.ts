import { z } from 'zod';
import type { GitHubClient } from './client.js';
import { ask } from './request-failed.js';

/** What GitHub hands back once, for a new App registered from a manifest. */
const ConversionSchema = z.object({
  id: z.number().int().positive(),
  slug: z.string().min(1),
  html_url: z.string().url(),
  pem: z.string().min(1),
  webhook_secret: z.string().nullable(),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
});

export type AppConversion = z.infer<typeof ConversionSchema>;

/**
 * Exchanges the one-hour code GitHub gives after "Create GitHub App" from a manifest for the new
 * App's id, private key and webhook secret (`POST /app-manifests/{code}/conversions`; no
 * authentication, on github.com and on GHES alike).
 */
export async function convertManifestCode(gh: GitHubClient, code: string): Promise<AppConversion> {
  return ask(gh, 'turn the manifest code into the new App\'s credentials', 'POST /app-manifests/{code}/conversions', { code }, ConversionSchema);
}
