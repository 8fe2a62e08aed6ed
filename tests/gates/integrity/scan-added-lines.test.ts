import { describe, expect, it } from 'vitest';
import { scanAddedLines } from '../../../gates/integrity/scan-added-lines.js';
import { changed } from './changed-file.js';

const rulesOf = async (path: string, lines: string[], removed: string[] = [], patterns: string[] = [], head?: string) =>
  (await scanAddedLines([changed(path, lines, removed)], patterns, async () => head)).map((f) => f.rule);

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
    // Expected failures pass when the test fails (vitest's .fails, jest's .failing), like xfail.
    ['test/index.test.ts', "test.fails('Basic false tests', () => {"],
    ['test/a.test.ts', "  it.concurrent.fails('x', async () => {})"],
    ['test/a.test.js', "test.failing('x', () => {})"],
    ['test/a.test.ts', "describe.concurrent.skip('x', () => {})"],
  ])('flags a new skip marker in %s: %s', async (path, line) => {
    expect(await rulesOf(path, [line])).toEqual(['new-skip']);
  });

  it("flags #[ignore] added in a Rust #[cfg(test)] module inside src/ (alexcrichton/scoped-tls)", async () => {
    const head = 'pub fn is_set() -> bool { true }\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    #[ignore]\n    fn smoke() {}\n}\n';
    const inModule = changed('src/lib.rs', [], [], { addedLines: new Map([[6, '    #[ignore]']]) });
    expect((await scanAddedLines([inModule], [], async () => head)).map((f) => f.rule)).toEqual(['new-skip']);
    // Outside a test module, the same text is not a test marker.
    const plain = changed('src/lib.rs', [], [], { addedLines: new Map([[2, '#[ignore]']]) });
    expect(await scanAddedLines([plain], [], async () => 'pub fn f() {}\n#[ignore]\n')).toEqual([]);
  });

  it.each([['it.skipIf(!hasMake)("builds", async () => {})'], ["describe.runIf(process.platform === 'linux')('x', async () => {})"], ['@pytest.mark.skipif(sys.platform == "win32", reason="posix")']])('reports a conditional skip as medium: %s', async (line) => {
    const [finding] = await scanAddedLines([changed('tests/a.test.ts', [line])], []);
    expect(finding).toMatchObject({ rule: 'new-conditional-skip', severity: 'medium' });
  });

  it.each([["it.only('x', async () => {})"], ["describe.only('x', async () => {})"], ["fit('x', async () => {})"], ["test('x', { only: true }, async () => {})"]])('flags a focus marker: %s', async (line) => {
    expect(await rulesOf('test/a.test.js', [line])).toEqual(['new-only']);
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
  ])('flags a tautology in %s: %s', async (path, line) => {
    expect(await rulesOf(path, [line])).toEqual(['tautology']);
  });

  it('does not call real assertions tautologies', async () => {
    expect(await rulesOf('test/a.test.js', ['expect(add(1, 2)).toBe(3);', 'assert.ok(result.ok)', 'assert.strictEqual(sum, 3)'])).toEqual([]);
    expect(await rulesOf('tests/test_a.py', ['    assert add(1, 2) == 3', '    assert result'])).toEqual([]);
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
  ])('flags a new suppression in %s: %s', async (path, line) => {
    const [finding] = await scanAddedLines([changed(path, [line])], []);
    expect(finding).toMatchObject({ rule: 'new-suppression', severity: 'medium', file: path, line: 1 });
  });

  it.each([
    ['test/setup.js', 'process.exit(0)'],
    ['vitest.setup.ts', 'process.exit()'],
    ['tests/conftest.py', 'sys.exit(0)'],
    ['pkg/main_test.go', '\tos.Exit(0)'],
  ])('flags an early exit in test setup %s', async (path, line) => {
    expect(await rulesOf(path, [line])).toContain('early-exit');
  });

  it('leaves exits outside test code alone', async () => {
    expect(await rulesOf('scripts/release.js', ['process.exit(0)'])).toEqual([]);
    expect(await rulesOf('cli/main.py', ['sys.exit(0)'])).toEqual([]);
  });

  it('flags weakened and narrowed test runner configs', async () => {
    expect(await rulesOf('vitest.config.ts', ['    passWithNoTests: true,'])).toEqual(['test-command-weakened']);
    expect(await rulesOf('jest.config.js', ["  testPathIgnorePatterns: ['/slow/'],"])).toEqual(['test-scope-narrowed']);
    expect(await rulesOf('pytest.ini', ['addopts = --ignore=tests/slow'])).toEqual(['test-scope-narrowed']);
    expect(await rulesOf('vitest.config.ts', ["    exclude: ['test/broken.test.ts'],"])).toEqual(['test-scope-narrowed']);
  });

  it('only counts a marker as new when the change did not also remove that line (moves are not new)', async () => {
    expect(await rulesOf('test/a.test.js', ["  it.skip('old', () => {})"], ["it.skip('old', () => {})"])).toEqual([]);
    const moved = await scanAddedLines([changed('test/b.test.js', ["it.skip('old', () => {})"]), changed('test/a.test.js', [], ["it.skip('old', () => {})"])], []);
    expect(moved).toEqual([]);
  });

  it('ignores skip markers outside test files, and markers in docs and lockfiles', async () => {
    expect(await rulesOf('src/a.js', ["it.skip('x')"])).toEqual([]);
    expect(await rulesOf('docs/guide.md', ['// eslint-disable-next-line'])).toEqual([]);
    expect(await rulesOf('package-lock.json', ['"@ts-ignore": "1"'])).toEqual([]);
  });

  it('ignores markers quoted inside string literals (test data for linters, fixtures)', async () => {
    expect(await rulesOf('test/rules.test.ts', [`  ['test/a.test.js', "it.skip('adds', () => {})"],`, `  ['src/a.ts', '// eslint-disable-next-line no-console'],`, "  const line = `expect(true).toBe(true)`;"])).toEqual([]);
    expect(await rulesOf('src/a.js', ['const s = "it\\"s"; // eslint-disable-line'])).toEqual(['new-suppression']);
  });

  it('ignores markers inside multi-line template literals and comments of JS/TS files (read from the head)', async () => {
    const head = ['const script = `', "import fs from 'node:fs';", 'if (process.env.X) {', '  process.exit(0);', '}', '`;', '/* it.skip(\'old\') */', 'process.exit(0);', ''].join('\n');
    const lines = head.split('\n');
    const file = changed('test/run.test.ts', lines);
    const findings = await scanAddedLines([file], [], async () => head);
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['early-exit', 8]]);
  });

  it('keeps template substitutions as code', async () => {
    const head = 'const s = `${fn(() => { process.exit(0); })}`;\n';
    expect(await rulesOf('test/a.test.js', [head.trim()], [], [], head)).toEqual(['early-exit']);
  });

  it('does not take option-like data for a node:test skip option', async () => {
    expect(await rulesOf('test/parse.test.ts', ["  ev('test:pass', 'later', 1, { skip: true }),"])).toEqual([]);
  });

  it('leaves helper programs under a test folder alone (early exits are for test and setup files)', async () => {
    expect(await rulesOf('tests/support/fake-runner.mjs', ['process.exit(0);'])).toEqual([]);
  });

  it('honours verify.test_patterns for test files the built-ins miss', async () => {
    expect(await rulesOf('checks/math.check.js', ["it.skip('x')"])).toEqual([]);
    expect(await rulesOf('checks/math.check.js', ["it.skip('x')"], [], ['checks/*.check.js'])).toEqual(['new-skip']);
  });

  it('keys findings by the normalised line, so the id survives reindentation and line shifts', async () => {
    const [a] = await scanAddedLines([changed('test/a.test.js', ["  it.skip('x',   () => {})"])], []);
    const [b] = await scanAddedLines([changed('test/a.test.js', ['', '', "it.skip('x', () => {})"])], []);
    expect(a?.key).toBe(b?.key);
    expect(b?.line).toBe(3);
    expect(a?.message).toMatch(/^The change adds a skipped, to-do or expected-to-fail test: `it\.skip.*Fix: /);
  });
});

describe('scanAddedLines: inline secret-scan allows (the 100 KB flood is in tests/attacks/integrity-pattern-made-to-backtrack)', () => {
  it.each([['x = 1 // loki:allow'], ['a = 2 # gitleaks:allow'], ['<!-- loki:allow -->']])('still flags an inline secret-scan allow after a comment marker: %s', async (line) => {
    expect(await rulesOf('src/a.ts', [line])).toEqual(['new-suppression']);
  });

  it('does not take an allow word before any comment marker, or a marker inside a string, for a suppression', async () => {
    expect(await rulesOf('src/a.ts', ['const word = "loki:allow";'])).toEqual([]);
    expect(await rulesOf('src/a.ts', ['const doc = "// loki:allow";'])).toEqual([]);
  });
});
