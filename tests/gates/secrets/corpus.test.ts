import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../../gates/secrets/corpus/generate-corpus.js';
import { DEFAULT_RULES } from '../../../gates/secrets/rules/default-rules.js';
import { scanTextsWith } from '../../../gates/secrets/scan-texts.js';

describe('labelled corpus', () => {
  it('reaches recall and precision of at least 0.95', () => {
    const corpus = generateCorpus(20_260_125, 2, 250);
    const positives = corpus.filter((f) => f.expectedRule);
    expect(corpus.length).toBeGreaterThan(500);
    expect(new Set(positives.map((f) => f.expectedRule))).toEqual(new Set(DEFAULT_RULES.map((r) => r.id)));

    const result = scanTextsWith(corpus.map(({ path, text }) => ({ path, text })));
    const expected = new Map(positives.map((f) => [f.path, f.expectedRule]));
    const detected = new Set<string>();
    let falsePositives = 0;
    for (const finding of result.findings) {
      if (expected.get(finding.file) === finding.ruleId && !detected.has(finding.file)) detected.add(finding.file);
      else falsePositives++;
    }
    const recall = detected.size / positives.length;
    const precision = detected.size / (detected.size + falsePositives);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });
});
