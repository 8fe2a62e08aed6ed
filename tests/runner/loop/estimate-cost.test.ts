import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { costOf, estimateCost } from '../../../runner/loop/estimate-cost.js';
import type { AgentResult } from '../../../runner/providers/provider.js';

const pricing = defaultConfig().pricing;
const result = (over: Partial<AgentResult>): AgentResult => ({ provider: 'claude', ok: true, text: 'x'.repeat(4_000), durationMs: 1, exitCode: 0, ...over });

describe('cost accounting', () => {
  it('uses the cost the provider reported', () => {
    expect(costOf(result({ costUsd: 0.42 }), 1_000_000, pricing)).toEqual({ usd: 0.42, estimated: false });
  });

  it('estimates from the prompt and answer sizes when the provider reports none', () => {
    // 400k chars in ≈ 100k tokens at $3/Mtok + 4k chars out ≈ 1k tokens at $15/Mtok.
    const { usd, estimated } = costOf(result({}), 400_000, pricing);
    expect(estimated).toBe(true);
    expect(usd).toBeCloseTo(0.3 + 0.015, 6);
  });

  it('prefers reported token counts over character estimates', () => {
    expect(estimateCost('codex', 10, 10, pricing, { inputTokens: 1_000_000, outputTokens: 100_000 })).toBeCloseTo(1.25 + 1, 6);
  });
});
