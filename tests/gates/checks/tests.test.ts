import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testsGate } from '../../../gates/checks/tests.js';
import { isTestsData } from '../../../gates/checks/tests-data.js';
import { type LokiConfigInput } from '../../../gates/config/schema.js';
import { packageRoot } from '../../../gates/core/package-root.js';
import type { GateContext, GateOutcome } from '../../../gates/verify/gate.js';
import { runVerify } from '../../../gates/verify/run-verify.js';
import { PASSING_NODE_TESTS, emptyLockfile, packageJson, useTempProjects, whichSync } from '../toolchain/temp-project.js';
import { gateContext } from '../../support/gate-context.js';

const project = useTempProjects();

async function runTestsGate(dir: string, config: LokiConfigInput = {}, extra: Partial<GateContext> = {}): Promise<GateOutcome> {
  return testsGate.run(await gateContext(dir, config, extra));
}

const FAILING_NODE_TESTS = `const test = require('node:test');
const assert = require('node:assert');
test('adds', () => assert.equal(1 + 1, 2));
test.describe('math', () => {
  test.it('multiplies', () => assert.equal(2 * 2, 5));
});
`;

describe('tests gate with node --test', () => {
  it('passes when every counted case passes, through runVerify', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'test/b.test.js': PASSING_NODE_TESTS.replace("'adds'", "'adds again'") });
    const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests'] });
    const tests = evidence.gates.find((g) => g.id === 'tests');
    expect(tests?.status).toBe('pass');
    expect(tests?.counts).toEqual({ total: 4, passed: 4, failed: 0, skipped: 0 });
    expect(tests?.command).toBe('npm run test');
    expect(tests?.exit_code).toBe(0);
    expect(tests?.log_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(evidence.verdict).toBe('VERIFIED');
  });

  it('fails with one finding per failing test, named by file and suite', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'test/a.test.js': FAILING_NODE_TESTS });
    const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests'] });
    const tests = evidence.gates.find((g) => g.id === 'tests');
    expect(tests?.status).toBe('fail');
    expect(tests?.counts).toMatchObject({ total: 2, passed: 1, failed: 1 });
    const findings = evidence.findings.filter((f) => f.gate === 'tests');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'test-failed', severity: 'high', file: 'test/a.test.js', blocking: true });
    expect(findings[0]!.message).toContain('test/a.test.js > math > multiplies');
    expect(findings[0]!.message).toContain('4 == 5');
    expect(evidence.verdict).toBe('BLOCKED');
  });

  it('exposes the counted cases as TestsData for the integrity gate', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/a.test.js': FAILING_NODE_TESTS.replace("test('adds'", "test.skip('adds'") });
    p.change({ 'README.md': 'x' });
    const outcome = await runTestsGate(p.dir);
    expect(isTestsData(outcome.data)).toBe(true);
    const data = outcome.data as { runner: string; cases: Array<{ id: string; status: string }> };
    expect(data.runner).toBe('node-test');
    expect(data.cases.map((c) => [c.id, c.status])).toEqual([
      ['test/a.test.js > adds', 'skipped'],
      ['test/a.test.js > math > multiplies', 'failed'],
    ]);
  });

  it('is inconclusive with zero tests, although node --test exits 0', async () => {
    // `node --test` with no test file anywhere (a folder argument is not searched on Node 22).
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/.keep': '' });
    p.change({ 'src/a.js': 'module.exports = 1;\n' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toMatch(/zero tests|no test/i);
  });

  it('is inconclusive when every test is skipped', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/a.test.js': "require('node:test').skip('later', () => {});\n" });
    p.change({ 'README.md': 'x' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.counts).toMatchObject({ total: 1, skipped: 1 });
  });

  it('counts node:test cases behind an indirection (npm run test:unit) and a compound script', async () => {
    const p = project({
      'package.json': packageJson({ test: 'npm run test:unit', 'test:unit': 'echo preparing && node --test' }),
      'test/a.test.js': PASSING_NODE_TESTS,
    });
    p.change({ 'README.md': 'x' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('pass');
    expect(outcome.command).toBe('npm run test:unit');
    expect(outcome.counts?.passed).toBe(2);
  });

  it.each([
    ['node --test --test-reporter=tap'],
    ['node --test --test-reporter=dot --test-reporter-destination=stdout'],
  ])('still counts the cases of a script with its own reporter: %s', async (script) => {
    const p = project({ 'package.json': packageJson({ test: script }), 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'README.md': 'x' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('pass');
    expect(outcome.counts?.passed).toBe(2);
  });

  it('runs the configured test command instead of the detected one', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node -e "process.exit(1)"' }), 'checks/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'README.md': 'x' });
    const outcome = await runTestsGate(p.dir, { verify: { commands: { test: 'node --test checks/*.test.js' } } });
    expect(outcome.status).toBe('pass');
    expect(outcome.command).toBe('node --test checks/*.test.js');
    expect(outcome.counts?.passed).toBe(2);
  });
});

describe('tests gate: what it will not trust', () => {
  it('is inconclusive for an unknown runner that exits 0: could not count test cases', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node check.js' }), 'check.js': "console.log('all good');\n" });
    p.change({ 'README.md': 'x' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('could not count test cases: unknown runner');
    // The fix is a command Loki can count, not another test framework.
    expect(outcome.reason).toContain('ava, tape, uvu');
    expect(outcome.reason).toContain('set verify.commands.test to the command that runs it');
    expect(outcome.reason).not.toMatch(/\buse node --test\b/);
  });

  it('fails (tests-exit-nonzero) when the command fails without a failing case', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node check.js' }), 'check.js': "console.error('broken setup'); process.exit(3);\n" });
    p.change({ 'README.md': 'x' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('fail');
    expect(outcome.exitCode).toBe(3);
    expect(outcome.findings?.[0]).toMatchObject({ rule: 'tests-exit-nonzero', severity: 'high' });
    expect(outcome.findings?.[0]?.message).toContain('broken setup');
  });

  it("is inconclusive for npm's placeholder test script", async () => {
    const p = project({ 'package.json': packageJson({ test: 'echo "Error: no test specified" && exit 1' }) });
    p.change({ 'index.js': 'module.exports = 1;\n' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('no test specified');
  });

  it('is inconclusive when the project has no supported toolchain', async () => {
    const p = project({ 'README.md': '# docs only\n' });
    p.change({ 'notes.txt': 'x' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('no supported toolchain found');
  });

  it('kills the whole test process tree on timeout and is inconclusive', async () => {
    // The test reports a host pid from outside its checkout, which a sandbox hides (tests/gates/sandbox kills a sandboxed tree).
    process.env.LOKI_SANDBOX = 'none';
    const pidFile = join(tmpdirFor(), `loki-grandchild-${process.pid}-${Date.now()}`);
    const hang = `const { spawn } = require('node:child_process');
const fs = require('node:fs');
const test = require('node:test');
test('hangs', async () => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  fs.writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));
  await new Promise(() => {});
});
`;
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/hang.test.js': hang });
    p.change({ 'README.md': 'x' });
    try {
      const outcome = await runTestsGate(p.dir, {}, { timeoutMs: 10_000 }); // room for npm and node --test to start on a loaded machine
      expect(outcome.status).toBe('inconclusive');
      expect(outcome.reason).toContain('timed out');
      const pid = Number(readFileSync(pidFile, 'utf8'));
      await new Promise((r) => setTimeout(r, 300));
      expect(isAlive(pid)).toBe(false);
    } finally {
      delete process.env.LOKI_SANDBOX;
      rmSync(pidFile, { force: true });
    }
  });

  it('is not run when the build failed on this change', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'README.md': 'x' });
    const failedBuild: GateOutcome = { status: 'fail', reason: 'npm run build exited 1', findings: [{ rule: 'build-failed', severity: 'high', message: 'x' }] };
    const outcome = await runTestsGate(p.dir, {}, { dependency: (id) => (id === 'build' ? failedBuild : undefined) });
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('the build failed');
  });
});

describe('tests gate: environment', () => {
  it("keeps Loki's tokens out of the project's test processes", async () => {
    const check = `const test = require('node:test');
const assert = require('node:assert');
test('sees no token', () => {
  assert.equal(process.env.GITHUB_TOKEN, undefined);
  assert.equal(process.env.LOKI_BENCH_SECRET, undefined);
  assert.equal(process.env.CI, 'true');
});
`;
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/env.test.js': check });
    p.change({ 'README.md': 'x' });
    const saved = { GITHUB_TOKEN: process.env.GITHUB_TOKEN, LOKI_BENCH_SECRET: process.env.LOKI_BENCH_SECRET };
    process.env.GITHUB_TOKEN = 'ghs_not_for_tests';
    process.env.LOKI_BENCH_SECRET = 'shh';
    try {
      const outcome = await runTestsGate(p.dir);
      expect(outcome.status).toBe('pass');
      expect(outcome.counts?.passed).toBe(1);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe('tests gate: the project\'s environment is left alone', () => {
  // A project that tests its own colour handling (chalk-like: NO_COLOR in the environment turns colour off).
  const PAINT = "exports.red = (s) => ('NO_COLOR' in process.env ? s : '\\u001b[31m' + s + '\\u001b[39m');\n";
  const PAINT_TEST = `const test = require('node:test');
const assert = require('node:assert');
const { red } = require('../src/paint.js');
test('paints red', () => assert.equal(red('x'), '\\u001b[31mx\\u001b[39m'));
`;

  it('sets no colour variable: a docs-only change to a project that tests its colours is VERIFIED, not BLOCKED', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'src/paint.js': PAINT, 'test/paint.test.js': PAINT_TEST });
    p.change({ 'README.md': '# paint\n' });
    const saved = { NO_COLOR: process.env.NO_COLOR };
    delete process.env.NO_COLOR;
    try {
      const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests'] });
      expect(evidence.gates.find((g) => g.id === 'tests')).toMatchObject({ status: 'pass', counts: { passed: 1, failed: 0 } });
      expect(evidence.verdict).toBe('VERIFIED');
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it("reads a coloured failure without its colour codes (the finding's message and the counted cases)", async () => {
    const coloured = "const test = require('node:test');\ntest('fails in colour', () => { console.log('\\u001b[31mred line\\u001b[39m'); throw new Error('\\u001b[33mboom\\u001b[39m'); });\n";
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'test/b.test.js': coloured });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('fail');
    const finding = outcome.findings?.find((f) => f.key === 'test/b.test.js > fails in colour');
    expect(finding?.message).toContain('boom');
    expect(JSON.stringify(outcome.findings)).not.toContain('\\u001b');
  });
});

describe('tests gate: dependency install', () => {
  it('runs npm ci first when node_modules is missing and a lockfile exists, and records the step', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'package-lock.json': emptyLockfile(), 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'README.md': 'x' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('pass');
    expect(outcome.steps).toEqual([expect.objectContaining({ name: 'install', command: 'npm ci --no-audit --no-fund', exit_code: 0 })]);
  });
});

const hasPytest = whichSync('python3') && canRun('python3', ['-c', 'import pytest']);

describe.skipIf(!hasPytest)(`tests gate with pytest${hasPytest ? '' : ' (skipped: python3 with pytest is not installed)'}`, () => {
  it('counts pytest cases through a JUnit report and names the failing one', async () => {
    const p = project({ 'pytest.ini': '[pytest]\n', 'tests/test_math.py': 'def test_adds():\n    assert 1 + 1 == 2\n' });
    p.change({ 'tests/test_math.py': 'def test_adds():\n    assert 1 + 1 == 2\n\nclass TestMore:\n    def test_wrong(self):\n        assert 2 * 2 == 5\n' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('fail');
    expect(outcome.counts).toMatchObject({ total: 2, passed: 1, failed: 1 });
    expect(outcome.findings?.[0]).toMatchObject({ rule: 'test-failed', key: 'tests/test_math.py > TestMore > test_wrong', file: 'tests/test_math.py' });
  });

  it('imports a src-layout package that is not installed (hukkin/tomli: unittest tests, src/tomli)', async () => {
    // The old command ran pytest on the bare checkout: every test module failed to import the package.
    const p = project({
      'pyproject.toml': '[project]\nname = "lil"\nversion = "1.0"\n',
      'src/lil/__init__.py': 'def double(x):\n    return 2 * x\n',
      'tests/__init__.py': '',
      'tests/test_lil.py': 'import unittest\nimport lil\n\nclass TestLil(unittest.TestCase):\n    def test_double(self):\n        self.assertEqual(lil.double(2), 4)\n',
    });
    p.change({ 'src/lil/__init__.py': 'def double(x):\n    return x + x\n' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome).toMatchObject({ status: 'pass', counts: { total: 1, passed: 1 } });
  });

  it('is inconclusive when pytest collects nothing (exit 5)', async () => {
    const p = project({ 'pytest.ini': '[pytest]\n', 'tests/helpers.py': 'X = 1\n' });
    p.change({ 'tests/helpers.py': 'X = 2\n' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('zero tests');
  });
});

/** A killed process whose parent is gone may linger as a zombie until reaped: that is not alive. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const LOKI_NODE_MODULES = join(packageRoot(), 'node_modules');
const hasVitest = existsSync(join(LOKI_NODE_MODULES, '.bin/vitest'));

describe.skipIf(!hasVitest)(`tests gate with vitest${hasVitest ? '' : " (skipped: Loki's own node_modules/.bin/vitest is missing)"}`, () => {
  // The project borrows Loki's installed vitest through a node_modules symlink: a real runner, no network.
  const VITEST_TESTS = `import { describe, expect, it } from 'vitest';
describe('math', () => {
  it('adds', () => expect(1 + 1).toBe(2));
  it('divides', () => expect(6 / 3).toBe(2));
});
`;
  it('injects the JUnit reporter into `npm run test` and names the failing case', async () => {
    const p = project({ 'package.json': packageJson({ test: 'vitest run' }, { type: 'module' }), '.gitignore': 'node_modules\n', 'test/math.test.js': VITEST_TESTS });
    symlinkSync(LOKI_NODE_MODULES, join(p.dir, 'node_modules'), 'dir');
    p.change({ 'test/math.test.js': VITEST_TESTS.replace('toBe(2));\n});', 'toBe(3));\n});') });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.command).toMatch(/^npm run test -- --reporter=default --reporter=junit --outputFile\.junit=/);
    expect(outcome.status).toBe('fail');
    expect(outcome.counts).toMatchObject({ total: 2, passed: 1, failed: 1 });
    expect(outcome.findings?.map((f) => f.key)).toEqual(['test/math.test.js > math > divides']);
    expect((outcome.data as { runner: string }).runner).toBe('vitest');
  });

  it('cannot count vitest when it is not the last command of the script: inconclusive, not a pass', async () => {
    const p = project({ 'package.json': packageJson({ test: 'vitest run && echo done' }, { type: 'module' }), '.gitignore': 'node_modules\n', 'test/math.test.js': VITEST_TESTS });
    symlinkSync(LOKI_NODE_MODULES, join(p.dir, 'node_modules'), 'dir');
    p.change({ 'README.md': 'x' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('vitest is not the last command');
  });
});

const hasCargo = whichSync('cargo');

describe.skipIf(!hasCargo)(`build and tests gates with cargo${hasCargo ? '' : ' (skipped: cargo is not installed)'}`, () => {
  it('counts cargo test cases per target and names the failing one', async () => {
    const lib = 'pub fn add(a: i32, b: i32) -> i32 { a + b }\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn adds() { assert_eq!(super::add(1, 2), 3); }\n}\n';
    const p = project({ 'Cargo.toml': '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n', 'src/lib.rs': lib, '.gitignore': 'target\n' });
    p.change({ 'src/lib.rs': lib.replace('    fn adds()', '    fn wrong() { assert_eq!(super::add(1, 2), 4); }\n    #[test]\n    fn adds()') });
    const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests'] });
    expect(evidence.gates.find((g) => g.id === 'build')).toMatchObject({ status: 'pass', command: 'cargo build --all-targets' });
    const tests = evidence.gates.find((g) => g.id === 'tests');
    expect(tests).toMatchObject({ status: 'fail', command: 'cargo test --no-fail-fast' });
    expect(tests?.counts).toMatchObject({ passed: 1, failed: 1 });
    const finding = evidence.findings.find((f) => f.rule === 'test-failed');
    expect(finding).toMatchObject({ file: 'src/lib.rs', blocking: true });
    expect(finding?.message).toContain('src/lib.rs > tests::wrong');
  });
});

function tmpdirFor(): string {
  return tmpdir();
}

function canRun(file: string, args: string[]): boolean {
  try {
    execFileSync(file, args, { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
