/**
 * What the tests gate hands to the gates that depend on it (integrity): the test cases it counted,
 * on the head and — with --baseline — on the merge-base.
 */
export interface TestCase {
  /** Stable id: file (relative to the repo root) + suite path + name, e.g. "test/a.test.js > math > adds". */
  id: string;
  file?: string;
  status: 'passed' | 'failed' | 'skipped';
  message?: string;
  /** A failed assertion's values, as the test report gives them (node:test's AssertionError, JUnit bodies). */
  expected?: string;
  actual?: string;
  /** The failing line in `file` (the assertion, else the test's declaration), from the test report. */
  line?: number;
  /**
   * Counted but not named by the runner (uvu names only failing tests): its id is a placeholder
   * that no other run can match, so id comparisons (vanished tests, proving tests) cannot use it.
   */
  unnamed?: true;
}

export interface TestsData {
  runner: string;
  cases: TestCase[];
  /** Present when the baseline ran. */
  baseCases?: TestCase[];
}

export function isTestsData(value: unknown): value is TestsData {
  return typeof value === 'object' && value !== null && Array.isArray((value as TestsData).cases);
}
