import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../../gates/secrets/corpus/generate-corpus.js';
import { DEFAULT_RULES } from '../../../gates/secrets/rules/default-rules.js';
import { scoreCorpus } from '../../../gates/secrets/corpus/score-corpus.js';

describe('labelled corpus', () => {
  it('reaches recall and precision of at least 0.95', () => {
    const corpus = generateCorpus(20_260_125, 2, 250);
    const positives = corpus.filter((f) => f.expectedRule);
    expect(corpus.length).toBeGreaterThan(500);
    expect(new Set(positives.map((f) => f.expectedRule))).toEqual(new Set(DEFAULT_RULES.map((r) => r.id)));

    const { recall, precision } = scoreCorpus(corpus);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });
});
