import { isProviderCredential, isSecretShaped, withoutCredentials } from '../../gates/core/sensitive-env.js';

/**
 * The environment every agent process starts from. An agent runs model-written code in the
 * workspace, so anything in its environment can be read and exfiltrated: GitHub tokens, App keys,
 * webhook secrets, cloud credentials and the git/ssh plumbing that could push on the runner's
 * behalf are dropped. Only the model providers' own credentials survive, because the agent CLI
 * cannot work without them.
 */

/**
 * Operators may pass extra names through (comma-separated), e.g. `AWS_SESSION_TOKEN` for Bedrock.
 * GitHub credentials are dropped even when named here: the agent never gets push rights.
 */
export const AGENT_ENV_ALLOW_VAR = 'LOKI_AGENT_ENV_ALLOW';

/** Git and ssh plumbing that carries credentials or lets the agent push as the runner, and Loki's own knob. */
const PLUMBING = [/^GIT_ASKPASS$/, /^SSH_ASKPASS$/, /^SSH_AUTH_SOCK$/, /^GIT_CONFIG_(COUNT|KEY_\d+|VALUE_\d+|PARAMETERS)$/, /^GIT_SSH_COMMAND$/, new RegExp(`^${AGENT_ENV_ALLOW_VAR}$`)];

/** Is this variable one the agent may not see (unless it is a provider key or allowlisted)? */
export function isSensitiveVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return isSecretShaped(upper) || PLUMBING.some((pattern) => pattern.test(upper));
}

/** Secret-shaped names an operator allowed through LOKI_AGENT_ENV_ALLOW, besides the providers' keys. */
export function allowedAgentSecrets(base: NodeJS.ProcessEnv): (name: string) => boolean {
  const allowed = new Set(listAllowed(base[AGENT_ENV_ALLOW_VAR]));
  return (name) => isProviderCredential(name) || allowed.has(name.toUpperCase());
}

/** The scrubbed environment for an agent process: `base` minus every credential that is not the provider's. */
export function agentEnvironment(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const keep = allowedAgentSecrets(base);
  const env = withoutCredentials(base, keep);
  for (const name of Object.keys(env)) if (isSensitiveVariable(name) && !keep(name)) delete env[name];
  return env;
}

function listAllowed(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
}
