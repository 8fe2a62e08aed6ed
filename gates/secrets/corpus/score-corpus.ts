import { scanTextsWith } from '../scan-texts.js';
import type { CorpusFile } from './generate-corpus.js';

/**
 * Recall and precision of the scanner on a labelled corpus: a file counts as found when its
 * expected rule reports it (once); every other finding is a false positive.
 */
export function scoreCorpus(corpus: readonly CorpusFile[]): { recall: number; precision: number; positives: number } {
  const positives = corpus.filter((f) => f.expectedRule);
  const result = scanTextsWith(corpus.map(({ path, text }) => ({ path, text })));
  const expected = new Map(positives.map((f) => [f.path, f.expectedRule]));
  const detected = new Set<string>();
  let falsePositives = 0;
  for (const finding of result.findings) {
    if (expected.get(finding.file) === finding.ruleId && !detected.has(finding.file)) detected.add(finding.file);
    else falsePositives++;
  }
  return { recall: detected.size / positives.length, precision: detected.size / (detected.size + falsePositives), positives: positives.length };
}
