/**
 * The one definition of which environment variables are credentials. Project commands (the
 * change's own code), agents and dispatched jobs each start from an environment filtered with
 * these rules, so a new secret name is learned in one place.
 */

/** GitHub credentials: no project command, agent or sub-process that does not push ever gets them. */
const GITHUB_CREDENTIALS = [
  /^GITHUB_TOKEN$/,
  /^GH_TOKEN$/,
  /^GH_ENTERPRISE_TOKEN$/,
  /^GITHUB_ENTERPRISE_TOKEN$/,
  /^LOKI_GITHUB_TOKEN/,
  /^ACTIONS_.*TOKEN/,
  /^ACTIONS_ID_TOKEN_REQUEST_URL$/,
  /^INPUT_TOKEN$/,
];

/** Names that say "secret": tokens, keys, passwords, the App's private key and webhook secret. */
const SECRET_SHAPED = [
  /^PRIVATE_KEY/,
  /^WEBHOOK_SECRET$/,
  /_TOKEN$/,
  /_SECRET$/,
  /_PRIVATE_KEY$/,
  /_SECRET_KEY$/,
  /_SECRET_ACCESS_KEY$/,
  /_PASSWORD$/,
  /_API_KEY$/,
];

/** Model-provider credentials the agent CLIs read themselves; agents and runners need them, project code does not. */
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

export function isGitHubCredential(name: string): boolean {
  const upper = name.toUpperCase();
  return GITHUB_CREDENTIALS.some((p) => p.test(upper));
}

export function isSecretShaped(name: string): boolean {
  const upper = name.toUpperCase();
  return isGitHubCredential(upper) || SECRET_SHAPED.some((p) => p.test(upper));
}

export function isProviderCredential(name: string): boolean {
  return PROVIDER_CREDENTIAL_VARS.includes(name.toUpperCase());
}

/**
 * `base` without credentials. `keep` may spare secret-shaped names (a provider key for an agent),
 * never a GitHub credential.
 */
export function withoutCredentials(base: NodeJS.ProcessEnv, keep: (name: string) => boolean = () => false): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined || isGitHubCredential(name)) continue;
    if (isSecretShaped(name) && !keep(name)) continue;
    env[name] = value;
  }
  return env;
}
