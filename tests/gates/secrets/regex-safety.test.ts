import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../gates/secrets/compile-rules.js';
import { RandomText } from '../../../gates/secrets/random-text.js';
import { defaultRuleSources } from '../../../gates/secrets/rule-sources.js';
import { DEFAULT_RULES } from '../../../gates/secrets/rules/default-rules.js';
import { compileContext, defaultScanSettings } from '../../../gates/secrets/scan-settings.js';
import { scanText } from '../../../gates/secrets/scan-text.js';

const SIZE = 40_000;

/** Inputs built to make a backtracking regex explode: long runs of a rule's prefix and charset. */
function adversarial(keyword: string, sample: string): string[] {
  const body = sample.replace(/[^A-Za-z0-9]/g, '');
  const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / Math.max(1, unit.length))).slice(0, SIZE);
  return [
    fill(keyword),
    fill(`${keyword}=`),
    `${keyword} = "${fill('A1')}!`,
    fill(sample.slice(0, 40)),
    `${sample.slice(0, 30)}${fill('-')}`,
  ];
}

describe('regex safety', () => {
  const ruleSet = compileRules(defaultRuleSources());
  const context = compileContext({ ...defaultScanSettings(), fileBudgetMs: 60_000 });

  it('runs every rule on adversarial input in linear time', () => {
    const r = new RandomText(99);
    let worst = { id: '', ms: 0 };
    for (const [i, rule] of DEFAULT_RULES.entries()) {
      const compiled = ruleSet.rules[i]!;
      expect(compiled.source.id).toBe(rule.id);
      for (const input of adversarial(rule.keywords[0]!, rule.sample(r))) {
        const started = performance.now();
        compiled.regex.lastIndex = 0;
        while (compiled.regex.exec(input) !== null) if (compiled.regex.lastIndex === 0) break;
        const ms = performance.now() - started;
        if (ms > worst.ms) worst = { id: rule.id, ms };
      }
    }
    // 40 kB of hostile text per input: a quadratic pattern would take seconds here.
    expect(worst.ms, `slowest: ${worst.id}`).toBeLessThan(400);
  });

  it('scans a hostile 500 kB file with every rule selected within seconds', () => {
    const keywords = DEFAULT_RULES.flatMap((r) => r.keywords).join(' ');
    const text = `${keywords}\n${'secret_token_password = "'.repeat(4_000)}${'a'.repeat(200_000)}${'ghp_'.repeat(25_000)}`;
    const started = performance.now();
    const outcome = scanText({ path: 'hostile.txt', text }, ruleSet, context);
    expect(outcome.incomplete).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('stops a file that runs out of its time budget and says so', () => {
    const slow = compileRules([{ id: 'every-word', description: 'matches every word', keywords: [], regex: '[a-z]{1,8}', entropy: 0 }]);
    const text = 'abc def ghi '.repeat(200_000);
    const outcome = scanText({ path: 'big.txt', text }, slow, { ...context, fileBudgetMs: 5 });
    expect(outcome.incomplete).toMatch(/time budget of 5 ms ran out at rule every-word/);
  });
});
