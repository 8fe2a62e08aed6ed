import { describe, expect, it } from 'vitest';
import { scanAddedLines } from '../../../gates/integrity/scan-added-lines.js';
import { changed } from './changed-file.js';

const rulesOf = (path: string, lines: string[], removed: string[] = [], patterns: string[] = []) => scanAddedLines([changed(path, lines, removed)], patterns).map((f) => f.rule);

describe('scanAddedLines', () => {
  it.each([
    ['test/a.test.js', "it.skip('adds', () => {})"],
    ['test/a.test.js', "describe.skip('math', () => {})"],
    ['src/a.spec.ts', "xit('adds', () => {})"],
    ['src/a.spec.ts', "xdescribe('x', () => {})"],
    ['src/a.spec.ts', "it.todo('later')"],
    ['src/a.spec.ts', "test.skip('x', () => {})"],
    ['test/a.test.mjs', "test('x', { skip: true }, () => {})"],
    ['test/a.test.mjs', "  t.skip('flaky')"],
    ['tests/test_a.py', '@pytest.mark.skip(reason="later")'],
    ['tests/test_a.py', '@pytest.mark.xfail'],
    ['tests/test_a.py', '        self.skipTest("no")'],
    ['pkg/a_test.go', '\tt.Skip("flaky")'],
    ['src/test/java/ATest.java', '  @Disabled'],
    ['src/test/java/ATest.java', '  @Ignore'],
    ['tests/it.rs', '#[ignore]'],
  ])('flags a new skip marker in %s: %s', (path, line) => {
    expect(rulesOf(path, [line])).toEqual(['new-skip']);
  });

  it.each([['it.skipIf(!hasMake)("builds", () => {})'], ["describe.runIf(process.platform === 'linux')('x', () => {})"], ['@pytest.mark.skipif(sys.platform == "win32", reason="posix")']])('reports a conditional skip as medium: %s', (line) => {
    const [finding] = scanAddedLines([changed('tests/a.test.ts', [line])], []);
    expect(finding).toMatchObject({ rule: 'new-conditional-skip', severity: 'medium' });
  });

  it.each([["it.only('x', () => {})"], ["describe.only('x', () => {})"], ["fit('x', () => {})"], ["test('x', { only: true }, () => {})"]])('flags a focus marker: %s', (line) => {
    expect(rulesOf('test/a.test.js', [line])).toEqual(['new-only']);
  });

  it.each([
    ['test/a.test.js', 'expect(true).toBe(true);'],
    ['test/a.test.js', 'expect(1).toBe(1)'],
    ['test/a.test.js', "expect('a').toEqual('a')"],
    ['test/a.test.js', 'expect(true).toBeTruthy()'],
    ['test/a.test.js', 'assert.ok(true)'],
    ['test/a.test.js', 'assert(true)'],
    ['test/a.test.js', 'assert.strictEqual(1, 1)'],
    ['tests/test_a.py', '    assert True'],
    ['tests/test_a.py', '    assert 1 == 1'],
    ['tests/test_a.py', '        self.assertTrue(True)'],
    ['tests/test_a.py', '        self.assertEqual(x, x)'],
    ['tests/a.rs', '    assert!(true);'],
    ['tests/a.rs', '    assert_eq!(2, 2);'],
  ])('flags a tautology in %s: %s', (path, line) => {
    expect(rulesOf(path, [line])).toEqual(['tautology']);
  });

  it('does not call real assertions tautologies', () => {
    expect(rulesOf('test/a.test.js', ['expect(add(1, 2)).toBe(3);', 'assert.ok(result.ok)', 'assert.strictEqual(sum, 3)'])).toEqual([]);
    expect(rulesOf('tests/test_a.py', ['    assert add(1, 2) == 3', '    assert result'])).toEqual([]);
  });

  it.each([
    ['src/a.ts', '// eslint-disable-next-line no-console'],
    ['src/a.ts', '/* eslint-disable */'],
    ['src/a.ts', '  // @ts-ignore'],
    ['src/a.ts', '  // @ts-expect-error wrong types upstream'],
    ['src/a.ts', '// @ts-nocheck'],
    ['app/a.py', 'import os  # noqa'],
    ['app/a.py', 'x = f()  # type: ignore'],
    ['app/a.py', 'password = "x"  # pragma: allowlist secret'],
    ['src/a.js', 'const key = "abc"; // gitleaks:allow'],
    ['app/a.py', 'subprocess.call(cmd, shell=True)  # nosec'],
  ])('flags a new suppression in %s: %s', (path, line) => {
    const [finding] = scanAddedLines([changed(path, [line])], []);
    expect(finding).toMatchObject({ rule: 'new-suppression', severity: 'medium', file: path, line: 1 });
  });

  it.each([
    ['test/setup.js', 'process.exit(0)'],
    ['vitest.setup.ts', 'process.exit()'],
    ['tests/conftest.py', 'sys.exit(0)'],
    ['pkg/main_test.go', '\tos.Exit(0)'],
  ])('flags an early exit in test setup %s', (path, line) => {
    expect(rulesOf(path, [line])).toContain('early-exit');
  });

  it('leaves exits outside test code alone', () => {
    expect(rulesOf('scripts/release.js', ['process.exit(0)'])).toEqual([]);
    expect(rulesOf('cli/main.py', ['sys.exit(0)'])).toEqual([]);
  });

  it('flags weakened and narrowed test runner configs', () => {
    expect(rulesOf('vitest.config.ts', ['    passWithNoTests: true,'])).toEqual(['test-command-weakened']);
    expect(rulesOf('jest.config.js', ["  testPathIgnorePatterns: ['/slow/'],"])).toEqual(['test-scope-narrowed']);
    expect(rulesOf('pytest.ini', ['addopts = --ignore=tests/slow'])).toEqual(['test-scope-narrowed']);
    expect(rulesOf('vitest.config.ts', ["    exclude: ['test/broken.test.ts'],"])).toEqual(['test-scope-narrowed']);
  });

  it('only counts a marker as new when the change did not also remove that line (moves are not new)', () => {
    expect(rulesOf('test/a.test.js', ["  it.skip('old', () => {})"], ["it.skip('old', () => {})"])).toEqual([]);
    const moved = scanAddedLines([changed('test/b.test.js', ["it.skip('old', () => {})"]), changed('test/a.test.js', [], ["it.skip('old', () => {})"])], []);
    expect(moved).toEqual([]);
  });

  it('ignores skip markers outside test files, and markers in docs and lockfiles', () => {
    expect(rulesOf('src/a.js', ["it.skip('x')"])).toEqual([]);
    expect(rulesOf('docs/guide.md', ['// eslint-disable-next-line'])).toEqual([]);
    expect(rulesOf('package-lock.json', ['"@ts-ignore": "1"'])).toEqual([]);
  });

  it('ignores markers quoted inside string literals (test data for linters, fixtures)', () => {
    expect(rulesOf('test/rules.test.ts', [`  ['test/a.test.js', "it.skip('adds', () => {})"],`, `  ['src/a.ts', '// eslint-disable-next-line no-console'],`, "  const line = `expect(true).toBe(true)`;"])).toEqual([]);
    expect(rulesOf('src/a.js', ['const s = "it\\"s"; // eslint-disable-line'])).toEqual(['new-suppression']);
  });

  it('honours verify.test_patterns for test files the built-ins miss', () => {
    expect(rulesOf('checks/math.check.js', ["it.skip('x')"])).toEqual([]);
    expect(rulesOf('checks/math.check.js', ["it.skip('x')"], [], ['checks/*.check.js'])).toEqual(['new-skip']);
  });

  it('keys findings by the normalised line, so the id survives reindentation and line shifts', () => {
    const [a] = scanAddedLines([changed('test/a.test.js', ["  it.skip('x',   () => {})"])], []);
    const [b] = scanAddedLines([changed('test/a.test.js', ['', '', "it.skip('x', () => {})"])], []);
    expect(a?.key).toBe(b?.key);
    expect(b?.line).toBe(3);
    expect(a?.message).toMatch(/^The change adds a skipped or to-do test: `it\.skip.*Fix: /);
  });
});
