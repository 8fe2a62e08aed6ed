import { matchGlob } from '../core/match-glob.js';

/** Extensions of files that hold test code (as opposed to fixtures and data under a test folder). */
const CODE = /\.(?:[cm]?[jt]sx?|py|go|rs|java|kt|kts|scala|rb|cs|php|swift|exs?|dart|clj)$/;

/** Built-in test file patterns; `verify.test_patterns` adds to them. */
export const TEST_FILE_PATTERNS: readonly string[] = [
  '*.test.*', '*.spec.*', '*_test.*', '*_spec.*', 'test_*.py', 'conftest.py',
  '*Test.{java,kt,scala}', '*Tests.{java,kt,scala}', '*IT.java',
];
const TEST_DIR_PATTERNS: readonly string[] = ['**/test/**', '**/tests/**', '**/__tests__/**', '**/spec/**', '**/src/test/**', 'test/**', 'tests/**', 'spec/**'];

/** Files whose job is to set up a test run: an early exit there ends the run "green". */
const SETUP_PATTERNS: readonly string[] = [
  'conftest.py', '*setup*.{js,mjs,cjs,ts,mts,cts}', '*global-setup*', '*globalSetup*', 'main_test.go', 'pytest_plugins.py',
];

/** Test runner configuration: weakening it weakens every test. */
const TEST_CONFIG_PATTERNS: readonly string[] = [
  'vitest.config.*', 'vitest.workspace.*', 'vite.config.*', 'jest.config.*', 'jest.setup.*', '.mocharc*', 'karma.conf.*',
  'playwright.config.*', 'cypress.config.*', 'pytest.ini', 'pyproject.toml', 'setup.cfg', 'tox.ini', 'conftest.py',
  '.nycrc*', 'ava.config.*', 'tap.config.*', '.taprc',
];

const SNAPSHOT_PATTERNS: readonly string[] = ['**/__snapshots__/**', '*.snap', '*.ambr', '**/snapshots/*.snap'];

/** Docs, lockfiles and vendored trees: text that is not code, where markers mean nothing. */
const NOT_CODE = /(?:^|\/)(?:node_modules|vendor|dist|build)\/|\.(?:md|mdx|txt|rst|adoc|lock|svg|csv)$|(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|yarn\.lock|Cargo\.lock|go\.sum|poetry\.lock)$/;

/** By convention: a root `test.js` / `test.ts` (tape, ava, node:test projects), and Rust's `tests/*.rs`. */
const CONVENTIONAL_TEST_FILE = /^test\.(?:[cm]?[jt]s)$/;

export function isTestFile(path: string, extraPatterns: readonly string[] = []): boolean {
  if (extraPatterns.some((p) => matchGlob(path, p)) || CONVENTIONAL_TEST_FILE.test(path)) return true;
  if (!CODE.test(path)) return false;
  return TEST_FILE_PATTERNS.some((p) => matchGlob(path, p)) || TEST_DIR_PATTERNS.some((p) => matchGlob(path, p));
}

/**
 * What belongs to the tests rather than the code under test: test files, snapshots, and anything
 * under a test folder (fixtures, helpers, data). The proving run puts the head's versions of these
 * on the merge-base's source.
 */
export function isTestSideFile(path: string, extraPatterns: readonly string[] = []): boolean {
  return isTestFile(path, extraPatterns) || isSnapshot(path) || TEST_DIR_PATTERNS.some((p) => matchGlob(path, p));
}

/** A test file named as one, or a setup file that belongs to the test run (by name: not any script called setup). */
export function isTestOrSetupFile(path: string, extraPatterns: readonly string[] = []): boolean {
  // By name, not by folder: helper programs under tests/ (fake servers, scripted agents) may exit.
  if (extraPatterns.some((p) => matchGlob(path, p)) || (CODE.test(path) && TEST_FILE_PATTERNS.some((p) => matchGlob(path, p)))) return true;
  return SETUP_PATTERNS.some((p) => matchGlob(path, p)) && /test|spec|jest|vitest|mocha|conftest/i.test(path);
}

/** Folders of test data by their usual names, at any depth. */
const FIXTURE_DIR_PATTERNS: readonly string[] = ['**/fixtures/**', '**/__fixtures__/**', '**/testdata/**', '**/test-data/**', '**/test_data/**', '**/__mocks__/**', 'fixtures/**', 'testdata/**'];

/** A test file, or any file of a test's data: a fixture folder, a test folder, a snapshot. */
export function isFixturePath(path: string, extraPatterns: readonly string[] = []): boolean {
  return isTestSideFile(path, extraPatterns) || FIXTURE_DIR_PATTERNS.some((p) => matchGlob(path, p));
}

export function isTestConfig(path: string): boolean {
  return TEST_CONFIG_PATTERNS.some((p) => matchGlob(path, p));
}

export function isSnapshot(path: string): boolean {
  return SNAPSHOT_PATTERNS.some((p) => matchGlob(path, p));
}

export function isCode(path: string): boolean {
  return !NOT_CODE.test(path);
}
