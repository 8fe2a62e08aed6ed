import type { ChangedFile } from '../git/parse-diff.js';
import type { FindingDraft } from '../verify/gate.js';
import { isTestFile } from './classify-path.js';

/** ava's and tape's `t.` assertions: those that compare with an expected value, those that only check truthiness, the rest. */
const T_EXACT = ['is', 'not', 'equal', 'equals', 'notEqual', 'strictEqual', 'deepEqual', 'notDeepEqual', 'same', 'like', 'throws', 'throwsAsync', 'rejects', 'regex', 'match', 'snapshot'];
const T_WEAK = ['true', 'false', 'truthy', 'falsy', 'ok', 'notOk', 'pass', 'assert'];
const T_OTHER = ['notThrows', 'notThrowsAsync', 'notRegex', 'error', 'ifError'];

function tAssertion(methods: readonly string[]): RegExp {
  return new RegExp(`\\bt\\.(?:${methods.join('|')})\\s*\\(`, 'g');
}

const ASSERTIONS: readonly RegExp[] = [
  /\bexpect\s*\(/g,
  /\bassert\w*!?\s*[.(]/g,
  /^\s*assert\s/g,
  /\.should\b/g,
  /\bt\.(?:Error|Errorf|Fatal|Fatalf|Fail|FailNow)\s*\(/g,
  // ava and tape: t.is, t.equal, t.deepEqual...
  // (`t.pass()` asserts nothing and is not counted.)
  tAssertion([...T_EXACT, ...T_WEAK.filter((m) => m !== 'pass'), ...T_OTHER]),
];

/** Assertions that compare with an expected value (or an expected error). */
const EXACT: readonly RegExp[] = [
  /\.(?:toBe|toEqual|toStrictEqual|toMatchObject|toHaveLength|toHaveProperty|toContain|toContainEqual|toThrow|toThrowError|toMatch|toHaveBeenCalledWith|toHaveBeenCalledTimes|toMatchSnapshot|toMatchInlineSnapshot|rejects|eql|equal|deep)\s*[.(]/g,
  /\bassert\.(?:equal|strictEqual|deepEqual|deepStrictEqual|notEqual|notStrictEqual|notDeepEqual|notDeepStrictEqual|throws|rejects|match|doesNotMatch|include|lengthOf|sameMembers)\s*\(/g,
  /\bassert(?:Equal|Equals|NotEqual|In|NotIn|Is|IsNot|IsNone|Raises|RaisesRegex|Regex|CountEqual|DictEqual|ListEqual|SetEqual|AlmostEqual|Greater|GreaterEqual|Less|LessEqual|IsInstance)\s*\(/g,
  tAssertion(T_EXACT),
  /\bassert_(?:eq|ne)!\s*\(/g,
  /^\s*assert\s.*(?:==|!=|<|>|\bnot in\b|\bin\b|\bis None\b)/g,
  /\bpytest\.raises\s*\(/g,
];

/** Assertions that only check truthiness or existence. */
const WEAK: readonly RegExp[] = [
  /\.(?:toBeDefined|toBeTruthy|toBeFalsy|toBeUndefined|toBeNull|toBeNaN|toBeInstanceOf|toBeTypeOf)\s*[.(]/g,
  /\.(?:be|to)\.(?:ok|true|false|exist|undefined|null)\b/g,
  /\bassert(?:\.ok|\.isOk|\.exists|\.isDefined|\.isTrue|\.isFalse)?\s*\(/g,
  /\bassert(?:True|False|IsNotNone)\s*\(/g,
  tAssertion(T_WEAK),
  /\bassert!\s*\(/g,
  /^\s*assert\s(?!.*(?:==|!=|<|>|\bnot in\b|\bin\b|\bis None\b))/g,
];

function countOf(patterns: readonly RegExp[], lines: Iterable<string>): number {
  let n = 0;
  for (const line of lines) for (const pattern of patterns) n += line.match(pattern)?.length ?? 0;
  return n;
}

/**
 * Test files where exact comparisons give way to truthiness or existence checks
 * (`assert.equal(x, true)` → `assert.ok(x !== undefined)`, `toStrictEqual(y)` → `toBeDefined()`,
 * `assertNotIn` → `assertTrue(c is not None)`): the count stays, the evidence does not.
 */
export function findWeakenedAssertions(files: readonly ChangedFile[], testPatterns: readonly string[]): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const file of files) {
    if (file.binary || file.status === 'deleted' || file.status === 'added' || !isTestFile(file.path, testPatterns)) continue;
    const lostExact = countOf(EXACT, file.removedLines.values()) - countOf(EXACT, file.addedLines.values());
    const gainedWeak = countOf(WEAK, file.addedLines.values()) - countOf(WEAK, file.removedLines.values());
    const weakened = Math.min(lostExact, gainedWeak);
    if (weakened <= 0) continue;
    const line = [...file.addedLines].find(([, text]) => WEAK.some((p) => text.match(p)))?.[0];
    findings.push({
      rule: 'assertion-weakened',
      severity: 'high',
      file: file.path,
      ...(line ? { line } : {}),
      key: file.path,
      message: `The change replaces ${weakened} exact assertion${weakened === 1 ? '' : 's'} with truthiness or existence checks, which pass for wrong values. Fix: keep comparing with the expected value (update it if the behaviour changed on purpose).`,
    });
  }
  return findings;
}

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
