import type { ChangedFile } from '../git/parse-diff.js';
import type { FindingDraft } from '../verify/gate.js';
import { isTestFile } from './classify-path.js';

/** Lines that declare one test case, across the common runners. */
const DECLARATIONS: readonly RegExp[] = [
  /^\s*(?:it|test|specify)(?:\.(?:each\([^)]*\)|concurrent|serial))?\s*\(\s*['"`]/,
  /^\s*(?:async\s+)?def\s+test_?\w*\s*\(/,
  /^\s*func\s+Test\w*\s*\(\s*\w+\s+\*testing\.T\s*\)/,
  /^\s*#\[(?:tokio::)?test\]/,
  /^\s*@(?:Test|ParameterizedTest)\b/,
];

export function declaresTestCase(line: string): boolean {
  return DECLARATIONS.some((p) => p.test(line));
}

/**
 * Without a baseline run, the diff itself shows test cases going away: more declarations removed
 * than added across the kept test files. (Deleted test files are reported on their own.)
 */
export function findRemovedTestCases(files: readonly ChangedFile[], testPatterns: readonly string[]): FindingDraft[] {
  const tests = files.filter((f) => !f.binary && isTestFile(f.path, testPatterns));
  const count = (lines: Iterable<string>) => [...lines].filter(declaresTestCase).length;
  const removed = tests.filter((f) => f.status !== 'deleted').reduce((n, f) => n + count(f.removedLines.values()), 0);
  const added = tests.reduce((n, f) => n + count(f.addedLines.values()), 0);
  if (removed <= added) return [];
  const where = tests.filter((f) => f.status !== 'deleted' && count(f.removedLines.values()) > count(f.addedLines.values())).map((f) => f.path);
  return [
    {
      rule: 'test-cases-removed',
      severity: 'high',
      ...(where.length === 1 ? { file: where[0]! } : {}),
      key: where.join(','),
      message: `The change removes ${removed} test case${removed === 1 ? '' : 's'} and adds ${added} (${where.join(', ')}). Fix: keep the tests; if a test is wrong, fix its expectation instead of deleting it.`,
    },
  ];
}
