import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBaseline } from '../../../gates/baseline/run-baseline.js';
import { withWorktree } from '../../../gates/git/with-worktree.js';
import { testsGate } from '../../../gates/checks/tests.js';
import type { TestsData } from '../../../gates/checks/tests-data.js';
import { LokiConfigSchema } from '../../../gates/config/schema.js';
import { resolveDiff } from '../../../gates/git/resolve-diff.js';
import { detectToolchain } from '../../../gates/toolchain/detect-toolchain.js';
import { runVerify } from '../../../gates/verify/run-verify.js';
import { PASSING_NODE_TESTS, packageJson, useTempProjects } from '../toolchain/temp-project.js';
import { gateContext } from '../../support/gate-context.js';

const project = useTempProjects();

const LEGACY_FAILING = `const test = require('node:test');
const assert = require('node:assert');
test('legacy parser', () => assert.equal('a', 'b'));
`;

// Commands straight from the config: the baseline is under test here, not npm's script runner.
const DIRECT = LokiConfigSchema.parse({ verify: { commands: { test: 'node --test' } } });

function worktrees(dir: string): string[] {
  return execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: dir }).toString().split('\n').filter((l) => l.startsWith('worktree '));
}

describe('--baseline', () => {
  it('marks a failure that also fails on the merge-base as pre-existing: reported, not blocking', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/legacy.test.js': LEGACY_FAILING, 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'test/new.test.js': PASSING_NODE_TESTS.replace("'adds'", "'adds twice'") });

    const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests'], baseline: true, config: DIRECT });
    const finding = evidence.findings.find((f) => f.rule === 'test-failed');
    expect(finding).toMatchObject({ pre_existing: true, blocking: false, file: 'test/legacy.test.js' });
    expect(finding?.message).toContain('fails on the base too');
    const tests = evidence.gates.find((g) => g.id === 'tests');
    expect(tests?.status).toBe('pass');
    expect(tests?.steps?.map((s) => s.name)).toContain('baseline tests');
    expect(evidence.verdict).toBe('VERIFIED');
    expect(worktrees(p.dir)).toHaveLength(1);
  });

  it('blames a failure that is new on the head, and only that one', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/legacy.test.js': LEGACY_FAILING, 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'test/a.test.js': PASSING_NODE_TESTS.replace('2 - 1, 1', '2 - 1, 7') });
    const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests'], baseline: true, config: DIRECT });
    const failures = evidence.findings.filter((f) => f.rule === 'test-failed');
    expect(failures.map((f) => [f.file, f.pre_existing, f.blocking])).toEqual(
      expect.arrayContaining([
        ['test/legacy.test.js', true, false],
        ['test/a.test.js', false, true],
      ]),
    );
    expect(evidence.gates.find((g) => g.id === 'tests')?.reason).toContain('1 pre-existing');
    expect(evidence.verdict).toBe('BLOCKED');
  });

  it('reruns new failures once: a test that passes on the rerun is flaky, reported but not blocking', async () => {
    // The marker sits in the checkout: a sandboxed test run gets a fresh private /tmp each time.
    const flaky = `const test = require('node:test');
const fs = require('node:fs');
const marker = require('node:path').join(__dirname, '..', '.flaky-marker');
test('sometimes', () => {
  if (!fs.existsSync(marker)) {
    fs.writeFileSync(marker, '1');
    throw new Error('first run fails');
  }
});
`;
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'test/flaky.test.js': flaky });
    const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests'], baseline: true, config: DIRECT });
    const finding = evidence.findings.find((f) => f.gate === 'tests');
    expect(finding).toMatchObject({ rule: 'test-flaky', severity: 'medium', blocking: false, file: 'test/flaky.test.js' });
    expect(finding?.message).toContain('first run fails');
    const tests = evidence.gates.find((g) => g.id === 'tests');
    expect(tests?.status).toBe('pass');
    expect(tests?.steps?.map((s) => s.name)).toEqual(['baseline tests', 'rerun for flaky tests']);
    expect(evidence.verdict).toBe('CONCERNS');
  });

  it('puts the base cases in TestsData.baseCases so vanished tests can be found', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/a.test.js': PASSING_NODE_TESTS, 'test/old.test.js': PASSING_NODE_TESTS });
    p.change({ 'test/old.test.js': null });
    const outcome = await testsGate.run(await gateContext(p.dir, {}, { baseline: true }));
    const data = outcome.data as TestsData;
    expect(data.cases.map((c) => c.id).sort()).toEqual(['test/a.test.js > adds', 'test/a.test.js > math > subtracts']);
    expect(data.baseCases?.map((c) => c.id).sort()).toEqual([
      'test/a.test.js > adds',
      'test/a.test.js > math > subtracts',
      'test/old.test.js > adds',
      'test/old.test.js > math > subtracts',
    ]);
  });

  it('gives integrity an empty base list when the base had no tests at all', async () => {
    const p = project({ 'package.json': packageJson({}), 'index.js': 'module.exports = 1;\n' });
    p.change({ 'package.json': packageJson({ test: 'node --test' }), 'test/a.test.js': PASSING_NODE_TESTS });
    const outcome = await testsGate.run(await gateContext(p.dir, {}, { baseline: true }));
    expect(outcome.status).toBe('pass');
    expect((outcome.data as TestsData).baseCases).toEqual([]);
  });

  it('marks a build failure that exists on the base too as pre-existing', async () => {
    const p = project({ 'package.json': packageJson({ build: 'node build.js', test: 'node --test' }), 'build.js': "console.error('legacy build error'); process.exit(1);\n", 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'test/b.test.js': PASSING_NODE_TESTS });
    const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests'], baseline: true, config: DIRECT });
    const build = evidence.findings.find((f) => f.rule === 'build-failed');
    expect(build).toMatchObject({ pre_existing: true, blocking: false });
    expect(evidence.gates.find((g) => g.id === 'build')?.steps?.map((s) => s.name)).toContain('baseline build');
    // The build's failure is not the change's: the tests still run and count.
    expect(evidence.gates.find((g) => g.id === 'tests')?.status).toBe('pass');
    expect(evidence.verdict).toBe('CONCERNS');
  });

  it("reuses the head's node_modules through a symlink when the lockfile is unchanged, and leaves it intact", async () => {
    const lock = JSON.stringify({ name: 'demo', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'demo', version: '1.0.0' } } });
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'package-lock.json': lock, 'test/a.test.js': PASSING_NODE_TESTS, '.gitignore': 'node_modules\n' });
    p.change({ 'test/b.test.js': PASSING_NODE_TESTS });
    mkdirSync(join(p.dir, 'node_modules/helper'), { recursive: true });
    writeFileSync(join(p.dir, 'node_modules/helper/index.js'), 'module.exports = 42;\n');
    const head = await detectToolchain(p.dir, LokiConfigSchema.parse({}));
    const diff = await resolveDiff({ cwd: p.dir, base: 'main' });
    const run = await runBaseline({
      head,
      config: LokiConfigSchema.parse({ verify: { commands: { test: "node -e \"require('node:fs').lstatSync('node_modules').isSymbolicLink() || process.exit(9)\" && node --test" } } }),
      mergeBaseSha: diff.mergeBaseSha,
      signal: new AbortController().signal,
      timeoutMs: 60_000,
    });
    // The configured command exits 9 unless node_modules is the shared symlink.
    expect(run.tests?.result.exitCode).toBe(0);
    expect(run.tests?.cases).toHaveLength(2);
    expect(run.steps.map((s) => s.name)).not.toContain('baseline install');
    expect(existsSync(join(p.dir, 'node_modules/helper/index.js'))).toBe(true);
    expect(lstatSync(join(p.dir, 'node_modules')).isDirectory()).toBe(true);
    expect(worktrees(p.dir)).toHaveLength(1);
  });

  it('leaves the head results standing, with the reason, when the baseline cannot run', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'README.md': 'x' });
    const ctx = await gateContext(p.dir, DIRECT, { baseline: true });
    const outcome = await testsGate.run({ ...ctx, diff: { ...ctx.diff, mergeBaseSha: '0123456789abcdef0123456789abcdef01234567' } });
    expect(outcome.status).toBe('pass');
    expect(outcome.reason).toContain('the baseline could not run');
    expect((outcome.data as TestsData).baseCases).toBeUndefined();
    expect(worktrees(p.dir)).toHaveLength(1);
  });

  it('removes the worktree even when the work inside it throws', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'README.md': 'x' });
    const diff = await resolveDiff({ cwd: p.dir, base: 'main' });
    let seen = '';
    await expect(
      withWorktree(p.dir, diff.mergeBaseSha, async (dir) => {
        seen = dir;
        expect(existsSync(join(dir, 'test/a.test.js'))).toBe(true);
        expect(existsSync(join(dir, 'README.md'))).toBe(false);
        throw new Error('boom inside the worktree');
      }),
    ).rejects.toThrow('boom inside the worktree');
    expect(existsSync(seen)).toBe(false);
    expect(worktrees(p.dir)).toHaveLength(1);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: p.dir }).toString()).toBe('');
  });
});
