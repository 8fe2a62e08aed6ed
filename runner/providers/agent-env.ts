/**
 * The environment every agent process starts from. An agent runs model-written code in the
 * workspace, so anything in its environment can be read and exfiltrated: GitHub tokens, App keys,
 * webhook secrets, cloud credentials and the git/ssh plumbing that could push on the runner's
 * behalf are dropped. Only the model providers' own credentials survive, because the agent CLI
 * cannot work without them.
 */

/** Provider credentials the agent CLIs read themselves (some end in _TOKEN, so they are allowed by name). */
export const PROVIDER_CREDENTIAL_VARS: readonly string[] = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'OPENAI_API_KEY',
  'CODEX_API_KEY',
  'OPENROUTER_API_KEY',
  'GEMINI_API_KEY',
  'DEEPSEEK_API_KEY',
  'CLINE_API_KEY',
];

/**
 * Operators may pass extra names through (comma-separated), e.g. `AWS_SESSION_TOKEN` for Bedrock.
 * GitHub credentials are dropped even when named here: the agent never gets push rights.
 */
export const AGENT_ENV_ALLOW_VAR = 'LOKI_AGENT_ENV_ALLOW';

const ALWAYS_DROPPED = [/^GITHUB_TOKEN$/, /^GH_TOKEN$/, /^GH_ENTERPRISE_TOKEN$/, /^GITHUB_ENTERPRISE_TOKEN$/, /^LOKI_GITHUB_TOKEN/, /^ACTIONS_.*TOKEN/];

const DROPPED = [
  ...ALWAYS_DROPPED,
  /^PRIVATE_KEY/,
  /^WEBHOOK_SECRET$/,
  /_TOKEN$/,
  /_SECRET$/,
  /_PRIVATE_KEY$/,
  /_SECRET_KEY$/,
  /_SECRET_ACCESS_KEY$/,
  /_PASSWORD$/,
  /^ACTIONS_ID_TOKEN_REQUEST_URL$/,
  // Git and ssh plumbing that carries credentials or lets the agent push as the runner.
  /^GIT_ASKPASS$/,
  /^SSH_ASKPASS$/,
  /^SSH_AUTH_SOCK$/,
  /^GIT_CONFIG_(COUNT|KEY_\d+|VALUE_\d+|PARAMETERS)$/,
  /^GIT_SSH_COMMAND$/,
  // Loki's own plumbing: the agent has no business with it.
  new RegExp(`^${AGENT_ENV_ALLOW_VAR}$`),
];

/** Is this variable one the agent may never see? (Names are compared upper-cased.) */
export function isSensitiveVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return DROPPED.some((pattern) => pattern.test(upper));
}

function isAlwaysDropped(name: string): boolean {
  const upper = name.toUpperCase();
  return ALWAYS_DROPPED.some((pattern) => pattern.test(upper));
}

/** The scrubbed environment for an agent process: `base` minus every credential that is not the provider's. */
export function agentEnvironment(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const allowed = new Set([...PROVIDER_CREDENTIAL_VARS, ...listAllowed(base[AGENT_ENV_ALLOW_VAR])]);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (isAlwaysDropped(name)) continue;
    if (!allowed.has(name.toUpperCase()) && isSensitiveVariable(name)) continue;
    env[name] = value;
  }
  return env;
}

function listAllowed(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
}
