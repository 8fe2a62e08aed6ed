import type { LokiConfig, ProviderName } from '../../gates/config/schema.js';
import { LokiError } from '../../gates/core/errors.js';
import { createProvider } from './create-provider.js';
import { isFailoverWorthy, type AgentAttempt, type AgentRequest, type AgentResult } from './provider.js';

export interface FailoverOptions {
  /** Environment for the agents (see createProvider); defaults to this process's. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs the request on the first provider of `order`; moves to the next one only when the failure
 * is one another provider could get past (rate limit, outage). Any other result — success, a
 * missing CLI, bad credentials, a timeout — is returned as is, because switching would hide a
 * problem the operator has to fix. Earlier attempts are listed on the result.
 */
export async function runWithFailover(order: readonly ProviderName[], config: LokiConfig, request: AgentRequest, options: FailoverOptions = {}): Promise<AgentResult> {
  const [first, ...rest] = [...new Set(order)];
  if (first === undefined) {
    throw new LokiError('USAGE', 'no provider to run: the provider order is empty', { fix: 'set provider.name in .github/loki.yml or pass --provider' });
  }
  const attempts: AgentAttempt[] = [];
  let result = await createProvider(first, config, options.env).run(request);
  for (const next of rest) {
    if (result.ok || !isFailoverWorthy(result.failure) || request.signal?.aborted) break;
    attempts.push({ provider: result.provider, failure: result.failure, durationMs: result.durationMs });
    request.onActivity?.(`${result.provider}: ${result.failure?.kind ?? 'failed'}, trying ${next}`);
    result = await createProvider(next, config, options.env).run(request);
  }
  return attempts.length > 0 ? { ...result, attempts } : result;
}
