import type { LokiConfig, ProviderName } from '../../gates/config/schema.js';
import type { AgentResult } from '../providers/provider.js';

/** Roughly four characters per token for English and code: good enough for a cap, not a bill. */
const CHARS_PER_TOKEN = 4;

/**
 * The dollars one agent call cost: what the provider reported, else an estimate from the prompt
 * and answer sizes at the configured price. An estimate errs high rather than never stopping.
 */
export function costOf(result: AgentResult, promptChars: number, pricing: LokiConfig['pricing']): { usd: number; estimated: boolean } {
  if (typeof result.costUsd === 'number' && Number.isFinite(result.costUsd) && result.costUsd >= 0) return { usd: result.costUsd, estimated: false };
  return { usd: estimateCost(result.provider, promptChars, result.text.length, pricing, result.usage), estimated: true };
}

export function estimateCost(
  provider: ProviderName,
  promptChars: number,
  answerChars: number,
  pricing: LokiConfig['pricing'],
  usage?: AgentResult['usage'],
): number {
  const price = pricing[provider];
  if (!price) return 0;
  const input = usage?.inputTokens ?? Math.ceil(promptChars / CHARS_PER_TOKEN);
  const output = usage?.outputTokens ?? Math.ceil(answerChars / CHARS_PER_TOKEN);
  return (input * price.input_per_mtok + output * price.output_per_mtok) / 1_000_000;
}
