import type { LokiConfig, ProviderName } from '../../gates/config/schema.js';
import { AGENT_COMMAND_VAR } from '../providers/command.js';
import { createProvider } from '../providers/create-provider.js';
import { runWithFailover } from '../providers/run-with-failover.js';
import type { RunAgent } from './run-review.js';

export type Reviewer = { kind: 'agent'; provider: ProviderName; runAgent: RunAgent } | { kind: 'skipped'; reason: string };

export const REVIEW_SKIPPED_FIX = 'To enable review, set `review.command` (a command that answers the review prompt with the review JSON; it runs with LOKI_ROLE=review) or `review.provider` in .github/loki.yml.';

/**
 * The reviewer for a build: `review.provider` (or `command` when only `review.command` is set),
 * else the build's own provider order. A `command` agent reviews only with `review.command`: the
 * build's agent command is not assumed to answer review prompts, so without one the review gate is
 * skipped, and says how to enable it.
 */
export function chooseReviewer(config: LokiConfig, buildOrder: readonly ProviderName[], env: NodeJS.ProcessEnv = process.env): Reviewer {
  const provider = config.review.provider ?? (config.review.command ? 'command' : buildOrder[0] ?? config.provider.name);
  if (provider === 'command') {
    const command = config.review.command;
    if (!command) return { kind: 'skipped', reason: `review skipped: the agent is a \`command\` agent and no review command is configured. ${REVIEW_SKIPPED_FIX}` };
    const reviewConfig = { ...config, provider: { ...config.provider, command } };
    const reviewEnv = { ...env, [AGENT_COMMAND_VAR]: command };
    return { kind: 'agent', provider, runAgent: (request) => createProvider('command', reviewConfig, reviewEnv).run(request) };
  }
  const order = config.review.provider ? [provider] : buildOrder;
  return { kind: 'agent', provider, runAgent: (request) => runWithFailover(order, config, request, { env }) };
}
