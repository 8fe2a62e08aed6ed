import { z } from 'zod';
import { LokiError } from '../gates/core/errors.js';
import { describeIssues } from '../gates/config/load-config.js';
import { readPrivateKey } from './credentials.js';
import { DEFAULT_FOLLOW_UP_DELAY_MS } from './follow-up-queue.js';

/**
 * The App's environment, checked once at start-up: a missing APP_ID or key stops the server with
 * the variable's name and what to set, rather than failing on the first webhook.
 */
const ServerEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  WEBHOOK_PATH: z.string().startsWith('/').default('/api/github/webhooks'),
  WEBHOOK_PROXY_URL: z.union([z.literal(''), z.string().url('must be a URL such as https://smee.io/abc123')]).optional(),
  GHE_HOST: z.string().optional(),
  GHE_PROTOCOL: z.enum(['http', 'https']).default('https'),
});

const EnvSchema = ServerEnvSchema.extend({
  APP_ID: z.string().regex(/^\d+$/, 'must be the numeric App ID from the App settings page'),
  WEBHOOK_SECRET: z.string().min(1, 'must be the webhook secret set in the App settings'),
  LOKI_DISPATCHER: z.enum(['local', 'actions']).default('local'),
  LOKI_CONCURRENCY: z.coerce.number().int().positive().max(64).default(2),
  /** Checked against the machine by gates/sandbox at start-up; unset means bubblewrap. */
  LOKI_SANDBOX: z.enum(['bwrap', 'docker', 'none']).optional(),
  LOKI_STATE_DIR: z.string().min(1).optional(),
  LOKI_RECONCILE_INTERVAL_MS: z.coerce.number().int().nonnegative().default(5 * 60_000),
  LOKI_ACTIONS_REPO: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/repo').optional(),
  LOKI_ACTIONS_WORKFLOW: z.string().min(1).default('loki-build.yml'),
  LOKI_ACTIONS_REF: z.string().min(1).default('main'),
  /** Names this replica in its job leases; unset: hostname-pid. */
  LOKI_REPLICA_ID: z.string().regex(/^[\w.:@-]{1,100}$/, 'must be 1-100 letters, digits or . _ : @ -').optional(),
  LOKI_LEASE_TTL_SECONDS: z.coerce.number().int().min(3).max(3600).default(300),
  /** Review and CI events of one pull request within this window make one follow-up build. */
  LOKI_FOLLOW_UP_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(DEFAULT_FOLLOW_UP_DELAY_MS),
});

/** Where the server listens; all the setup page needs (it runs before the App has credentials). */
export interface ServerSettings {
  port: number;
  host: string;
  webhookPath: string;
  webhookProxyUrl: string | undefined;
  apiUrl: string;
}

export interface AppSettings extends ServerSettings {
  appId: string;
  privateKey: string;
  webhookSecret: string;
  dispatcher: 'local' | 'actions';
  concurrency: number;
  stateDir: string | undefined;
  reconcileIntervalMs: number;
  replicaId: string | undefined;
  leaseTtlMs: number;
  followUpDelayMs: number;
  actions: { owner: string; repo: string; workflow: string; ref: string } | undefined;
}

/** The REST API root: api.github.com, or GHES's /api/v3 (GHE_HOST, GHE_PROTOCOL). */
export function apiUrlOf(env: NodeJS.ProcessEnv): string {
  return env.GHE_HOST ? `${env.GHE_PROTOCOL || 'https'}://${env.GHE_HOST}/api/v3` : 'https://api.github.com';
}

export function readServerSettings(env: NodeJS.ProcessEnv): ServerSettings {
  const e = checked(ServerEnvSchema, env);
  return { port: e.PORT, host: e.HOST, webhookPath: e.WEBHOOK_PATH, webhookProxyUrl: e.WEBHOOK_PROXY_URL || undefined, apiUrl: apiUrlOf(env) };
}

/** The App's settings and credentials; `cwd` is where PRIVATE_KEY_PATH and `*.pem` are looked for. */
export function readAppSettings(env: NodeJS.ProcessEnv, cwd = process.cwd()): AppSettings {
  const e = checked(EnvSchema, env);
  const privateKey = readPrivateKey(env, cwd);
  const [owner, repo] = e.LOKI_ACTIONS_REPO?.split('/') ?? [];
  return {
    ...readServerSettings(env),
    appId: e.APP_ID,
    privateKey,
    webhookSecret: e.WEBHOOK_SECRET,
    dispatcher: e.LOKI_DISPATCHER,
    concurrency: e.LOKI_CONCURRENCY,
    stateDir: e.LOKI_STATE_DIR,
    reconcileIntervalMs: e.LOKI_RECONCILE_INTERVAL_MS,
    replicaId: e.LOKI_REPLICA_ID,
    leaseTtlMs: e.LOKI_LEASE_TTL_SECONDS * 1000,
    followUpDelayMs: e.LOKI_FOLLOW_UP_DELAY_MS,
    actions: owner && repo ? { owner, repo, workflow: e.LOKI_ACTIONS_WORKFLOW, ref: e.LOKI_ACTIONS_REF } : undefined,
  };
}

function checked<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new LokiError('USAGE', `the App's environment is incomplete:\n${describeIssues(parsed.error.issues)}`, {
      fix: 'set the variables named above, in the environment or in .env in the working directory (see the README\'s GitHub App section)',
    });
  }
  return parsed.data;
}
