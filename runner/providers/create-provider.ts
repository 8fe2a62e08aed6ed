import type { LokiConfig, ProviderName } from '../../gates/config/schema.js';
import { createAiderProvider } from './aider.js';
import { createClaudeProvider } from './claude.js';
import { createClineProvider } from './cline.js';
import { createCodexProvider } from './codex.js';
import { createCommandProvider } from './command.js';
import type { Provider } from './provider.js';
import { withRoles } from './state-role.js';

const FACTORIES: Record<ProviderName, (config: LokiConfig, env: NodeJS.ProcessEnv) => Provider> = {
  claude: createClaudeProvider,
  codex: createCodexProvider,
  aider: createAiderProvider,
  cline: createClineProvider,
  command: createCommandProvider,
};

/**
 * The adapter for one provider. `env` is the environment the agent's (scrubbed) environment is
 * built from, and where PATH and LOKI_AGENT_COMMAND are read; it defaults to this process's.
 * Every call states its role (LOKI_ROLE and the prompt's first line).
 */
export function createProvider(name: ProviderName, config: LokiConfig, env: NodeJS.ProcessEnv = process.env): Provider {
  return withRoles(FACTORIES[name](config, env));
}
