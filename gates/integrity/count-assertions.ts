import type { ChangedFile } from '../git/parse-diff.js';
import type { FindingDraft } from '../verify/gate.js';
import { isTestFile } from './classify-path.js';

const ASSERTIONS: readonly RegExp[] = [
  /\bexpect\s*\(/g,
  /\bassert\w*!?\s*[.(]/g,
  /^\s*assert\s/g,
  /\.should\b/g,
  /\bt\.(?:Error|Errorf|Fatal|Fatalf|Fail|FailNow)\s*\(/g,
];

export function countAssertions(text: string): number {
  return ASSERTIONS.reduce((n, pattern) => n + (text.match(pattern)?.length ?? 0), 0);
}

/** Test files (kept, not deleted) where the change removes more assertions than it adds. */
export function findRemovedAssertions(files: readonly ChangedFile[], testPatterns: readonly string[]): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const file of files) {
    if (file.binary || file.status === 'deleted' || file.status === 'added' || !isTestFile(file.path, testPatterns)) continue;
    const removed = sum(file.removedLines.values());
    const added = sum(file.addedLines.values());
    if (removed <= added) continue;
    findings.push({
      rule: 'assertions-removed',
      severity: 'high',
      file: file.path,
      key: file.path,
      message: `The change removes ${removed} assertion${removed === 1 ? '' : 's'} and adds ${added}. Fix: keep the assertions (update their expected values if the behaviour changed on purpose).`,
    });
  }
  return findings;
}

function sum(lines: Iterable<string>): number {
  let n = 0;
  for (const line of lines) n += countAssertions(line);
  return n;
}
