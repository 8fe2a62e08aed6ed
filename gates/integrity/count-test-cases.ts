import type { ChangedFile } from '../git/parse-diff.js';
import type { FindingDraft } from '../verify/gate.js';
import { isTestFile } from './classify-path.js';

/**
 * A JavaScript test call up to its name's opening quote, modifiers chained (`it.concurrent.skip`,
 * `test.skip.each([...])`): a test marked skipped or expected to fail is still declared (the skip
 * rule reports the marker), so marking it is not counted as removing it.
 */
const JS_TEST_CALL = /^\s*(?:it|test|specify)(?:\.(?:each\([^)]*\)|concurrent|sequential|serial|only|skip|todo|fails|failing))*\s*\(\s*(?=['"`])/;

/** Lines that declare one test case, across the common runners. */
const DECLARATIONS: readonly RegExp[] = [
  JS_TEST_CALL,
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

const NAMED_CASE: readonly RegExp[] = [/^\s*(?:async\s+)?def\s+(test_?\w*)\s*\(/, /^\s*func\s+(Test\w*)\s*\(/];
/** Rust `#[test]` and JUnit `@Test` name their case on the next function line. */
const ATTRIBUTE_CASE = /^\s*(?:#\[(?:tokio::)?test\]|@(?:Test|ParameterizedTest)\b)/;
const NEXT_FUNCTION = /^\s*(?:pub\s+)?(?:async\s+)?fn\s+(\w+)|^\s*(?:public\s+|private\s+|protected\s+)?(?:static\s+)?(?:void|fun)\s+(\w+)/;

/**
 * The names of the test cases declared in these lines (in order): the string a JavaScript `it`/
 * `test` call is given, a Python or Go test function's name, the function after `#[test]`/`@Test`.
 * A test file moved or rewritten keeps its names; another test file rarely has the same ones.
 */
export function testCaseNames(lines: Iterable<string>): string[] {
  const names: string[] = [];
  let pendingAttribute = false;
  for (const line of lines) {
    const js = JS_TEST_CALL.exec(line);
    if (js) {
      const name = quoted(line, js[0].length);
      if (name !== undefined) names.push(name);
      continue;
    }
    const named = NAMED_CASE.map((p) => p.exec(line)).find(Boolean);
    if (named) {
      names.push(named[1]!);
      continue;
    }
    if (ATTRIBUTE_CASE.test(line)) {
      pendingAttribute = true;
      continue;
    }
    if (pendingAttribute) {
      const fn = NEXT_FUNCTION.exec(line);
      if (fn) {
        names.push((fn[1] ?? fn[2])!);
        pendingAttribute = false;
      }
    }
  }
  return names;
}

/** The string literal that opens at `at` (one pass; escapes kept as written). */
function quoted(line: string, at: number): string | undefined {
  const quote = line[at]!;
  for (let i = at + 1; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === quote) return line.slice(at + 1, i);
  }
  return undefined;
}
