import { withoutCredentials } from '../../gates/core/sensitive-env.js';
import { allowedAgentSecrets } from '../../runner/providers/agent-env.js';

/**
 * The environment a runner child starts from. The App's own credentials (private key, webhook
 * secret, client secret) never go down, nor any token it was started with: the job's GitHub access
 * is the scoped, renewable token file alone. What the agent needs — the providers' keys and names in
 * LOKI_AGENT_ENV_ALLOW — does go down. A tokenless job (fork pull request) gets a small allowlist
 * and no key of any kind, not even a model provider's.
 */
const APP_ONLY = /^(APP_ID|CLIENT_ID|CLIENT_SECRET|GITHUB_CLIENT_SECRET|REDIS_URL|SENTRY_DSN)$/;
const TOKENLESS_ALLOWED = /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LC_[A-Z]+|TZ|TMPDIR|TERM|CI|NODE_ENV|LOKI_SANDBOX|LOKI_SANDBOX_READ_ONLY|LOKI_IMAGE|LOKI_LOG_LEVEL)$/;

export function runnerEnvironment(base: NodeJS.ProcessEnv, tokenless: boolean): Record<string, string> {
  if (tokenless) return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined && TOKENLESS_ALLOWED.test(e[0])));
  const env = withoutCredentials(base, allowedAgentSecrets(base));
  for (const name of Object.keys(env)) if (APP_ONLY.test(name)) delete env[name];
  return env;
}
