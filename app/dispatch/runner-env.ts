/**
 * The environment a runner child starts from. The App's own credentials (private key, webhook
 * secret) never go down, nor any token it was started with: the job's GitHub access is the scoped,
 * renewable token file alone. A tokenless job (fork pull request) gets a small allowlist and no
 * key of any kind, not even a model provider's.
 */
const APP_SECRETS = /^(PRIVATE_KEY.*|WEBHOOK_SECRET|APP_ID|CLIENT_SECRET|GITHUB_CLIENT_SECRET|GITHUB_TOKEN|GH_TOKEN|LOKI_GITHUB_TOKEN.*|ACTIONS_.*_TOKEN|REDIS_URL|SENTRY_DSN)$/;
const SECRET_SHAPED = /(_TOKEN|_SECRET|_PRIVATE_KEY|_PASSWORD)$/;
const TOKENLESS_ALLOWED = /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LC_[A-Z]+|TZ|TMPDIR|TERM|CI|NODE_ENV|LOKI_SANDBOX|LOKI_LOG_LEVEL)$/;

export function runnerEnvironment(base: NodeJS.ProcessEnv, tokenless: boolean): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (tokenless ? !TOKENLESS_ALLOWED.test(name) : APP_SECRETS.test(name) || SECRET_SHAPED.test(name)) continue;
    env[name] = value;
  }
  return env;
}
