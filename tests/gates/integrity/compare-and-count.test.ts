import { describe, expect, it } from 'vitest';
import type { TestsData } from '../../../gates/checks/tests-data.js';
import { compareTestCases } from '../../../gates/integrity/compare-test-cases.js';
import { countAssertions, findRemovedAssertions, findWeakenedAssertions } from '../../../gates/integrity/count-assertions.js';
import { declaresTestCase, findRemovedTestCases, testCaseNames } from '../../../gates/integrity/count-test-cases.js';
import { isTestFile, isSnapshot } from '../../../gates/integrity/classify-path.js';
import { matchGlob } from '../../../gates/core/match-glob.js';
import { findRemovedTests as findRemoved, findRewrittenSnapshots } from '../../../gates/integrity/find-removed-tests.js';
import { judgeDeletedTests } from '../../../gates/integrity/find-replacements.js';
import type { ChangedFile } from '../../../gates/git/parse-diff.js';

async function findRemovedTests(files: ChangedFile[], patterns: string[], readHead: (path: string) => Promise<string | undefined> = async () => undefined) {
  return findRemoved(files, patterns, await judgeDeletedTests(files, patterns, readHead));
}
import { changed } from './changed-file.js';

describe('test file patterns', () => {
  it('matches globs with **, * and alternations', () => {
    expect(matchGlob('a/b/c.test.ts', '**/*.test.ts')).toBe(true);
    expect(matchGlob('c.test.ts', '**/*.test.ts')).toBe(true);
    expect(matchGlob('a/b/c.test.ts', 'a/*.test.ts')).toBe(false);
    expect(matchGlob('src/x.spec.js', '*.spec.{js,ts}')).toBe(true);
  });

  it('recognises test files by name and folder, but not fixtures that are not code', () => {
    for (const p of ['a.test.js', 'src/a.spec.ts', 'tests/test_a.py', 'pkg/a_test.go', 'test/helpers.js', 'src/test/java/FooTest.java', '__tests__/a.tsx']) expect(isTestFile(p), p).toBe(true);
    for (const p of ['src/a.js', 'tests/fixtures/data.json', 'latest.js', 'docs/testing.md']) expect(isTestFile(p), p).toBe(false);
    expect(isSnapshot('src/__snapshots__/a.test.ts.snap')).toBe(true);
  });
});

describe('removed tests, snapshots and assertions', () => {
  it('flags deleted test files and tests moved out of test paths', async () => {
    const findings = await findRemovedTests([changed('test/a.test.js', [], ['x'], { status: 'deleted' }), changed('src/a.js', [], [], { status: 'renamed', oldPath: 'test/a.test.js' }), changed('src/b.js', [], ['x'], { status: 'deleted' })], []);
    expect(findings.map((f) => [f.rule, f.file, f.severity])).toEqual([['test-deleted', 'test/a.test.js', 'high'], ['test-moved', 'src/a.js', 'high']]);
  });

  it('downgrades a deleted test file to medium only when tests of the same module carry at least as many assertions', async () => {
    const deleted = changed('test/a.test.js', [], ["import { a, b } from '../src/a.js';", 'expect(a()).toBe(1);', 'expect(b()).toBe(2);'], { status: 'deleted' });
    const split = [changed('test/a1.test.js', ["import { a } from '../src/a';", 'expect(a()).toBe(1);'], [], { status: 'added' }), changed('test/a2.test.js', ["const { b } = require('../src/a.js');", 'expect(b()).toBe(2);'], [], { status: 'added' })];
    expect(await findRemovedTests([deleted, ...split], [])).toMatchObject([{ rule: 'test-deleted', severity: 'medium' }]);
    expect(await findRemovedTests([deleted, split[0]!], [])).toMatchObject([{ rule: 'test-deleted', severity: 'high' }]);
    const other = changed('test/c.test.js', ["import { c } from '../src/c.js';", 'expect(c()).toBe(1);', 'expect(c()).toBe(1);', 'expect(c()).toBe(1);'], [], { status: 'added' });
    expect(await findRemovedTests([deleted, other], [])).toMatchObject([{ rule: 'test-deleted', severity: 'high' }]);
  });

  it('a kept test file that gains the deleted tests replaces them, its imports read from the head', async () => {
    const deleted = changed('test/a.test.js', [], ["import { a } from '../src/a.js';", "test('one', () => { expect(a()).toBe(1); });"], { status: 'deleted' });
    const kept = changed('test/all.test.js', ["test('a one', () => { expect(a()).toBe(1); });"], [], { status: 'modified' });
    expect(await findRemovedTests([deleted, kept], [], async () => "import { a } from '../src/a.js';\n")).toMatchObject([{ severity: 'medium' }]);
    expect(await findRemovedTests([deleted, kept], [], async () => "import { z } from '../src/z.js';\n")).toMatchObject([{ severity: 'high' }]);
  });

  it('Python and Go tests: the module imported, the package folder, or the same test function names', async () => {
    const py = changed('tests/test_parse.py', [], ['from shop.parse import read', 'def test_reads():', '    assert read("x") == 1'], { status: 'deleted' });
    expect(await findRemovedTests([py, changed('tests/test_reader.py', ['from shop import parse', 'def test_x():', '    assert parse.read("x") == 1'], [], { status: 'added' })], [])).toMatchObject([{ severity: 'medium' }]);
    expect(await findRemovedTests([py, changed('tests/test_cart.py', ['import os', 'from shop.cart import total', 'def test_x():', '    assert total([]) == 0'], [], { status: 'added' })], [])).toMatchObject([{ severity: 'high' }]);
    const go = changed('pkg/a/a_test.go', [], ['func TestA(t *testing.T) {', '  if A() != 1 { t.Errorf("bad") }', '}'], { status: 'deleted' });
    expect(await findRemovedTests([go, changed('pkg/a/b_test.go', ['func TestB(t *testing.T) {', '  if A() != 1 { t.Fatal("bad") }', '}'], [], { status: 'added' })], [])).toMatchObject([{ severity: 'medium' }]);
    expect(await findRemovedTests([go, changed('pkg/b/b_test.go', ['func TestA(t *testing.T) {', '  if B() != 1 { t.Fatal("bad") }', '}'], [], { status: 'added' })], [])).toMatchObject([{ severity: 'medium' }]);
    expect(await findRemovedTests([go, changed('pkg/b/b_test.go', ['func TestB(t *testing.T) {', '  if B() != 1 { t.Fatal("bad") }', '}'], [], { status: 'added' })], [])).toMatchObject([{ severity: 'high' }]);
  });

  it('reads test names across runners', () => {
    expect(testCaseNames(["it('adds', () => {", 'test.each([1])("each %i", (n) => {', "  it('nested \\' quote', () => {})", 'def test_reads():', 'async def test_async(x):', 'func TestA(t *testing.T) {', '#[test]', 'fn rust_case() {', '@Test', 'public void javaCase() {'])).toEqual(['adds', 'each %i', "nested \\' quote", 'test_reads', 'test_async', 'TestA', 'rust_case', 'javaCase']);
  });

  it('flags rewritten snapshots but not new ones', () => {
    expect(findRewrittenSnapshots([changed('__snapshots__/a.snap', ['new'], ['old'])]).map((f) => f.rule)).toEqual(['snapshot-rewritten']);
    expect(findRewrittenSnapshots([changed('__snapshots__/a.snap', ['new'])])).toEqual([]);
  });

  it('counts assertions across languages', () => {
    expect(countAssertions('expect(a).toBe(1); expect(b).toBe(2)')).toBe(2);
    expect(countAssertions('assert.equal(a, 1)')).toBe(1);
    expect(countAssertions('    assert a == 1')).toBe(1);
    expect(countAssertions('\tt.Errorf("bad")')).toBe(1);
    expect(countAssertions('const x = 1')).toBe(0);
  });

  it('counts ava and tape assertions', () => {
    expect(countAssertions("t.is(add(1, 2), 3); t.deepEqual(list, [1]); t.equal(a, b);")).toBe(3);
  });

  it.each([
    ['test/a.test.js', '  assert.equal(isValid(x), true);', '  assert.ok(isValid(x) !== undefined);'],
    ['src/compile.spec.ts', '    expect(filtered).toStrictEqual(iterated);', '    expect(filtered).toBeDefined();'],
    ['tests/test_misc.py', '        self.assertNotIn("c", table)', '        self.assertTrue(table.get("c") is not None)'],
    ['test.js', "  t.is(slugify('A b'), 'a-b');", "  t.truthy(slugify('A b'));"],
    ['tests/test_calc.py', '    assert calc(2) == 4', '    assert calc(2) is not None'],
  ])('flags an exact assertion replaced by a truthiness or existence check (%s)', (path, exact, weak) => {
    expect(findWeakenedAssertions([changed(path, [weak], [exact])], [])).toMatchObject([{ rule: 'assertion-weakened', severity: 'high', file: path, line: 1 }]);
    // The same count: the old rule saw nothing.
    expect(findRemovedAssertions([changed(path, [weak], [exact])], [])).toEqual([]);
  });

  it('does not flag exact assertions rewritten as exact ones, or a weak check added beside them', () => {
    expect(findWeakenedAssertions([changed('test/a.test.js', ['  expect(add(1, 2)).toEqual(3);'], ['  expect(add(1, 2)).toBe(3);'])], [])).toEqual([]);
    expect(findWeakenedAssertions([changed('test/a.test.js', ['  expect(r).toBeDefined();', '  expect(r.sum).toBe(3);'], ['  expect(r.sum).toBe(3);'])], [])).toEqual([]);
  });

  it('sees a root test.js or test.ts as a test file, not any test.js', () => {
    expect(isTestFile('test.js')).toBe(true);
    expect(isTestFile('test.ts')).toBe(true);
    expect(isTestFile('test.mjs')).toBe(true);
    expect(isTestFile('src/contest.js')).toBe(false);
  });

  it('flags a test file that loses more assertions than it gains', () => {
    const weakened = changed('test/a.test.js', ['  const r = add(1, 2);'], ['  expect(add(1, 2)).toBe(3);', '  expect(add(2, 2)).toBe(4);']);
    expect(findRemovedAssertions([weakened], [])).toMatchObject([{ rule: 'assertions-removed', severity: 'high', file: 'test/a.test.js' }]);
    const rewritten = changed('test/a.test.js', ['  expect(add(1, 2)).toEqual(3);'], ['  expect(add(1, 2)).toBe(3);']);
    expect(findRemovedAssertions([rewritten], [])).toEqual([]);
  });
});

describe('removed test cases (from the diff alone)', () => {
  it('recognises test declarations across runners', () => {
    for (const line of ["it('adds', () => {", "  test.each([1])('x', () => {", "test.fails('x', () => {", "  it.concurrent.skip('x', async () => {", "test.skip.each([1])('x', () => {", 'def test_adds():', 'async def test_io(self):', 'func TestAdds(t *testing.T) {', '#[test]', '  @Test']) expect(declaresTestCase(line), line).toBe(true);
    for (const line of ['const it = 1;', "describe('math', () => {", 'def helper():']) expect(declaresTestCase(line), line).toBe(false);
  });

  it('flags more test cases removed than added, but not a renamed test', () => {
    const cut = changed('test/a.test.js', [], ["it('divides', () => {", '  expect(div(4, 2)).toBe(2);', '});']);
    expect(findRemovedTestCases([cut], [])).toMatchObject([{ rule: 'test-cases-removed', severity: 'high', file: 'test/a.test.js' }]);
    const renamed = changed('test/a.test.js', ["it('divides evenly', () => {"], ["it('divides', () => {"]);
    expect(findRemovedTestCases([renamed], [])).toEqual([]);
  });

  it('does not count a test marked .skip or .fails as removed: the skip rule names what happened (mesqueeb/is-what)', () => {
    const marked = changed('test/index.test.ts', ["test.fails('Basic false tests', () => {", "test.skip('Primitive tests', () => {"], ["test('Basic false tests', () => {", "test('Primitive tests', () => {"]);
    expect(findRemovedTestCases([marked], [])).toEqual([]);
    expect(testCaseNames(marked.addedLines.values())).toEqual(['Basic false tests', 'Primitive tests']);
  });
});

describe('compareTestCases', () => {
  const data = (cases: TestsData['cases'], baseCases: TestsData['cases']): TestsData => ({ runner: 'node --test', cases, baseCases });
  const c = (id: string, status: 'passed' | 'skipped' = 'passed', file = 'test/a.test.js') => ({ id: `${file} > ${id}`, file, status });

  it('flags fewer cases, vanished ids and newly skipped tests', () => {
    const findings = compareTestCases(data([c('adds'), c('subtracts', 'skipped')], [c('adds'), c('subtracts'), c('divides')]), []);
    expect(findings.map((f) => f.rule).sort()).toEqual(['fewer-tests', 'newly-skipped-test', 'vanished-test']);
    expect(findings.find((f) => f.rule === 'vanished-test')?.key).toBe('test/a.test.js > divides');
  });

  it('follows renamed test files and passes when nothing was lost', () => {
    const renamed = changed('test/math.test.js', [], [], { status: 'renamed', oldPath: 'test/a.test.js' });
    expect(compareTestCases(data([c('adds', 'passed', 'test/math.test.js')], [c('adds')]), [renamed])).toEqual([]);
  });
});
