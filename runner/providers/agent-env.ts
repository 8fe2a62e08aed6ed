import { isGitHubCredential, isProviderCredential } from '../../gates/core/sensitive-env.js';
import { allowlistedEnv } from '../../gates/sandbox/sandbox-env.js';

/**
 * The environment every agent process starts from, rebuilt from an allowlist like a project
 * command's (the agent runs model-written code in the workspace: anything in its environment can
 * be read and exfiltrated), plus what an agent CLI needs: the model providers' credentials and
 * settings (ANTHROPIC_*, OPENAI_*, CLAUDE_*…), IS_SANDBOX, and names the operator lists in
 * LOKI_AGENT_ENV_ALLOW. A GitHub credential never passes, even when listed.
 */
export const AGENT_ENV_ALLOW_VAR = 'LOKI_AGENT_ENV_ALLOW';

/** Settings the agent CLIs read (base URLs, models, Bedrock/Vertex switches); their keys are PROVIDER_CREDENTIAL_VARS. */
const PROVIDER_SETTINGS = /^(ANTHROPIC|CLAUDE|CLAUDE_CODE|OPENAI|CODEX|AIDER|CLINE|OPENROUTER|GEMINI|DEEPSEEK)_[A-Z0-9_]+$/;
const AGENT_EXACT = new Set(['IS_SANDBOX', 'DISABLE_AUTOUPDATER', 'HOME', 'USER', 'LOGNAME', 'TMPDIR']);
/** Secret-shaped names that are never an agent's, whatever their prefix says. */
const NEVER = /^(GIT_ASKPASS|SSH_ASKPASS|SSH_AUTH_SOCK|GIT_SSH_COMMAND|GIT_CONFIG_.*|PRIVATE_KEY.*|WEBHOOK_SECRET)$/;

/** Secret-shaped names an operator allowed through LOKI_AGENT_ENV_ALLOW, besides the providers' keys. */
export function allowedAgentSecrets(base: NodeJS.ProcessEnv): (name: string) => boolean {
  const allowed = new Set(listAllowed(base[AGENT_ENV_ALLOW_VAR]));
  return (name) => isProviderCredential(name) || allowed.has(name.toUpperCase());
}

export function isAgentVariable(name: string, base: NodeJS.ProcessEnv): boolean {
  const upper = name.toUpperCase();
  if (isGitHubCredential(upper) || NEVER.test(upper) || upper === AGENT_ENV_ALLOW_VAR) return false;
  if (allowedAgentSecrets(base)(upper)) return true;
  return AGENT_EXACT.has(upper) || (PROVIDER_SETTINGS.test(upper) && !/(KEY|TOKEN|SECRET|PASSWORD)/.test(upper));
}

/** The agent's environment: the sandbox allowlist of `base` plus the agent's own variables. */
export function agentEnvironment(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env = allowlistedEnv(base);
  for (const [name, value] of Object.entries(base)) if (value !== undefined && isAgentVariable(name, base)) env[name] = value;
  return env;
}

function listAllowed(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
}
