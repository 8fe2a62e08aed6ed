import { z } from 'zod';
import { LokiError } from '../gates/core/errors.js';
import { describeIssues } from '../gates/config/load-config.js';
import { dockerJobCommand } from './dispatch/docker-job-command.js';
import type { JobCommand } from './dispatch/local-dispatcher.js';

/**
 * The App's environment, checked once at start-up: a missing APP_ID or key stops the server with
 * the variable's name and what to set, rather than failing on the first webhook.
 */
const EnvSchema = z.object({
  APP_ID: z.string().regex(/^\d+$/, 'must be the numeric App ID from the App settings page'),
  WEBHOOK_SECRET: z.string().min(1, 'must be the webhook secret set in the App settings'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  WEBHOOK_PATH: z.string().startsWith('/').default('/api/github/webhooks'),
  GHE_HOST: z.string().optional(),
  GHE_PROTOCOL: z.enum(['http', 'https']).default('https'),
  LOKI_DISPATCHER: z.enum(['local', 'actions']).default('local'),
  LOKI_CONCURRENCY: z.coerce.number().int().positive().max(64).default(2),
  LOKI_SANDBOX: z.enum(['docker', 'none']).default('none'),
  LOKI_STATE_DIR: z.string().min(1).optional(),
  LOKI_RECONCILE_INTERVAL_MS: z.coerce.number().int().nonnegative().default(5 * 60_000),
  LOKI_ACTIONS_REPO: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/repo').optional(),
  LOKI_ACTIONS_WORKFLOW: z.string().min(1).default('loki-build.yml'),
  LOKI_ACTIONS_REF: z.string().min(1).default('main'),
});

export interface AppSettings {
  appId: string;
  port: number;
  host: string;
  webhookPath: string;
  apiUrl: string;
  dispatcher: 'local' | 'actions';
  concurrency: number;
  stateDir: string | undefined;
  reconcileIntervalMs: number;
  jobCommand: JobCommand | undefined;
  actions: { owner: string; repo: string; workflow: string; ref: string } | undefined;
}

export function readAppSettings(env: NodeJS.ProcessEnv): AppSettings {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new LokiError('USAGE', `the App's environment is incomplete:\n${describeIssues(parsed.error.issues)}`, {
      fix: 'set the variables named above (see the README\'s install section; Probot reads them from .env too)',
    });
  }
  if (!env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH) {
    throw new LokiError('USAGE', 'the App has no private key: PRIVATE_KEY and PRIVATE_KEY_PATH are both unset', {
      fix: 'set PRIVATE_KEY_PATH to the .pem file downloaded from the App settings page (or PRIVATE_KEY to its contents)',
    });
  }
  const e = parsed.data;
  const [owner, repo] = e.LOKI_ACTIONS_REPO?.split('/') ?? [];
  return {
    appId: e.APP_ID,
    port: e.PORT,
    host: e.HOST,
    webhookPath: e.WEBHOOK_PATH,
    apiUrl: e.GHE_HOST ? `${e.GHE_PROTOCOL}://${e.GHE_HOST}/api/v3` : 'https://api.github.com',
    dispatcher: e.LOKI_DISPATCHER,
    concurrency: e.LOKI_CONCURRENCY,
    stateDir: e.LOKI_STATE_DIR,
    reconcileIntervalMs: e.LOKI_RECONCILE_INTERVAL_MS,
    jobCommand: e.LOKI_SANDBOX === 'docker' ? dockerJobCommand(env) : undefined,
    actions: owner && repo ? { owner, repo, workflow: e.LOKI_ACTIONS_WORKFLOW, ref: e.LOKI_ACTIONS_REF } : undefined,
  };
}
