import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testsGate } from '../../../gates/checks/tests.js';
import type { TestsData } from '../../../gates/checks/tests-data.js';
import { type LokiConfigInput } from '../../../gates/config/schema.js';
import { packageRoot } from '../../../gates/core/package-root.js';
import type { GateContext, GateOutcome } from '../../../gates/verify/gate.js';
import { runVerify } from '../../../gates/verify/run-verify.js';
import { emptyLockfile, packageJson, useTempProjects, type TempProject } from '../toolchain/temp-project.js';
import { gateContext } from '../../support/gate-context.js';

/*
 * tape, ava and uvu, the real packages (Loki's devDependencies), in real temporary projects that
 * borrow Loki's node_modules through a symlink: no network, the runners' own output.
 */
const project = useTempProjects();
const LOKI_NODE_MODULES = join(packageRoot(), 'node_modules');

/** A project with `scripts` and `files`, Loki's node_modules linked in, and a lockfile the baseline can share it by. */
function tapProject(scripts: Record<string, string>, files: Record<string, string>, extra: Record<string, unknown> = {}): TempProject {
  const p = project({ 'package.json': packageJson(scripts, extra), 'package-lock.json': emptyLockfile(), '.gitignore': 'node_modules\n', ...files });
  symlinkSync(LOKI_NODE_MODULES, join(p.dir, 'node_modules'), 'dir');
  return p;
}

async function runTestsGate(dir: string, config: LokiConfigInput = {}, extra: Partial<GateContext> = {}): Promise<GateOutcome> {
  return testsGate.run(await gateContext(dir, config, extra));
}

const runnerOf = (outcome: GateOutcome) => (outcome.data as TestsData).runner;

const TAPE_MATH = `const test = require('tape');
const { double } = require('../src/double.js');
test('doubles', (t) => { t.equal(double(2), 4); t.end(); });
test('math', (t) => {
  t.test('doubles zero', (st) => { st.equal(double(0), 0); st.end(); });
  t.end();
});
test('later', { skip: true }, (t) => t.end());
`;
const DOUBLE = 'exports.double = (x) => x * 2;\n';

describe('tests gate with tape (TAP on stdout)', () => {
  it('counts each test (not each assertion), names the failing one, its file, line and values', async () => {
    const p = tapProject({ test: 'tape test/*.js' }, { 'src/double.js': DOUBLE, 'test/double.js': TAPE_MATH });
    p.change({ 'src/double.js': 'exports.double = (x) => x * 2 + (x > 1 ? 1 : 0);\n' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('fail');
    expect(runnerOf(outcome)).toBe('tape');
    // "math" only holds a subtest: not a case. Three assertions, three tests, one skipped.
    expect(outcome.counts).toEqual({ total: 3, passed: 1, failed: 1, skipped: 1 });
    expect(outcome.findings).toEqual([expect.objectContaining({ rule: 'test-failed', key: 'doubles', file: 'test/double.js', line: 3 })]);
    expect(outcome.findings?.[0]?.message).toContain('expected 4, actual 5');
  });

  it('a test that throws kills tape: that test is the failed one, with the error', async () => {
    const p = tapProject({ test: 'tape test/*.js' }, { 'src/double.js': DOUBLE, 'test/double.js': TAPE_MATH });
    p.change({ 'src/double.js': "exports.double = (x) => { if (x === 0) throw new Error('zero is not allowed'); return x * 2; };\n" });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('fail');
    expect(outcome.findings?.map((f) => f.key)).toEqual(['doubles zero']);
    expect(outcome.findings?.[0]?.message).toContain('the run stopped inside this test: Error: zero is not allowed');
  });

  it('cannot read TAP piped into a formatter: inconclusive, and says why', async () => {
    const p = tapProject({ test: 'tape test/*.js | node pretty.js' }, { 'src/double.js': DOUBLE, 'test/double.js': TAPE_MATH, 'pretty.js': "process.stdin.on('data', () => {}).on('end', () => console.log('all good'));\n" });
    p.change({ 'README.md': 'x' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('tape printed no TAP');
    expect(outcome.reason).toContain('piped into a formatter');
  });

  it('with --baseline: a test that fails without the change is proving', async () => {
    const p = tapProject({ test: 'tape test/*.js' }, { 'src/double.js': 'exports.double = (x) => x + 2;\n', 'test/double.js': TAPE_MATH.replace('double(0), 0', 'double(3), 5') });
    p.change({ 'src/double.js': DOUBLE, 'test/double.js': TAPE_MATH });
    const outcome = await runTestsGate(p.dir, {}, { baseline: true });
    expect(outcome.status).toBe('pass');
    expect(outcome.counts).toMatchObject({ passed: 2, proving: 1 });
    expect(outcome.proving).toEqual([{ id: 'doubles zero', on_base: 'failed' }]);
  });
});

const AVA_TESTS = `import test from 'ava';
import { double } from '../src/double.js';
test('doubles', (t) => { t.is(double(2), 4); });
test('doubles zero', (t) => { t.is(double(0), 0); });
test.todo('negative numbers');
`;

/**
 * ava's test files named, and its cache off: the borrowed node_modules is read-only in the sandbox,
 * and ava fails when it cannot make node_modules/.cache/ava there (in a real checkout node_modules
 * is the project's own, inside the writable workspace).
 */
const AVA_PROJECT = { type: 'module', ava: { files: ['test/**/*.js'], cache: false } };
const casesOf = (outcome: GateOutcome) => JSON.stringify({ reason: outcome.reason, cases: (outcome.data as TestsData | undefined)?.cases });

describe('tests gate with ava (--tap appended)', () => {
  const files = { 'src/double.js': 'export const double = (x) => x * 2;\n', 'test/double.js': AVA_TESTS };

  it('appends --tap to the script, counts the tests and names the failing one with its values', async () => {
    const p = tapProject({ test: 'ava' }, files, AVA_PROJECT);
    p.change({ 'src/double.js': 'export const double = (x) => x * 2 + (x > 1 ? 1 : 0);\n' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.command).toBe('npm run test -- --tap');
    expect(outcome.status).toBe('fail');
    expect(runnerOf(outcome)).toBe('ava');
    expect(outcome.counts, casesOf(outcome)).toEqual({ total: 3, passed: 1, failed: 1, skipped: 1 });
    expect(outcome.findings?.map((f) => f.key)).toEqual(['doubles']);
    expect(outcome.findings?.[0]?.message).toContain('expected 4, actual 5');
  });

  it('ava among lint and type-check steps (`xo && ava && tsd`): ava runs alone with --tap, and the reason names the steps left out', async () => {
    // xo and tsd are not even installed: run as the whole script, \`xo: not found\` would be the change's failing test.
    const p = tapProject({ test: 'xo && ava && tsd' }, files, AVA_PROJECT);
    p.change({ 'src/double.js': 'export const double = (x) => x * 2 + (x > 1 ? 1 : 0);\n' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.command).toBe('npm exec --no -- ava --tap');
    expect(outcome.status).toBe('fail');
    expect(outcome.counts, casesOf(outcome)).toEqual({ total: 3, passed: 1, failed: 1, skipped: 1 });
    expect(outcome.findings?.map((f) => f.key)).toEqual(['doubles']);
    expect(outcome.reason).toContain('not run as tests: `xo`, `tsd`');
    // A step the tests may need (a build) is not left out: the whole script runs, as before.
    const q = tapProject({ test: 'tsc && ava' }, files, AVA_PROJECT);
    q.change({ 'README.md': 'x' });
    expect((await runTestsGate(q.dir)).command).toBe('npm run test -- --tap');
  });

  it('ava before another command: counted when its config asks for TAP, else inconclusive with the fix', async () => {
    const p = tapProject({ test: 'ava && node -e 0' }, files, AVA_PROJECT);
    p.change({ 'README.md': 'x' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status, casesOf(outcome)).toBe('inconclusive');
    expect(outcome.reason).toContain('ava is not the last command');
    expect(outcome.reason).toContain('"tap": true');

    const q = tapProject({ test: 'ava && node -e 0' }, files, { ...AVA_PROJECT, ava: { ...AVA_PROJECT.ava, tap: true } });
    q.change({ 'README.md': 'x' });
    const counted = await runTestsGate(q.dir);
    expect(counted).toMatchObject({ status: 'pass', counts: { total: 3, passed: 2, skipped: 1 } });
  });
});

const UVU_TESTS = `const { test, suite } = require('uvu');
const assert = require('uvu/assert');
const { double } = require('../src/double.js');
test('doubles', () => { assert.is(double(2), 4); });
test.run();
const edge = suite('edge');
edge('doubles zero', () => { assert.is(double(0), 0); });
edge.skip('negative', () => {});
edge.run();
`;

describe("tests gate with uvu (its own report: uvu has no TAP reporter)", () => {
  it('counts from Total/Passed/Skipped, names the failing test by file and suite, and says what uvu does not name', async () => {
    const p = tapProject({ test: 'uvu test' }, { 'src/double.js': DOUBLE, 'test/double.js': UVU_TESTS });
    p.change({ 'src/double.js': 'exports.double = (x) => (x === 0 ? 1 : x * 2);\n' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('fail');
    expect(runnerOf(outcome)).toBe('uvu');
    expect(outcome.counts).toEqual({ total: 3, passed: 1, failed: 1, skipped: 1 });
    expect(outcome.findings).toEqual([expect.objectContaining({ rule: 'test-failed', key: 'test/double.js > edge > doubles zero', file: 'test/double.js', line: 7 })]);
    expect(outcome.reason).toContain('names only failing tests');
  });

  it('a failure that exists on the base too is pre-existing (the automatic baseline matches uvu failures by name)', async () => {
    const p = tapProject({ test: 'uvu test' }, { 'src/double.js': DOUBLE, 'test/double.js': UVU_TESTS.replace('double(0), 0', 'double(0), 1') });
    p.change({ 'README.md': '# docs\n' });
    const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests', 'integrity'] });
    const tests = evidence.gates.find((g) => g.id === 'tests');
    expect(tests?.status).toBe('pass');
    expect(tests?.reason).toContain('automatic baseline');
    expect(evidence.findings.filter((f) => f.gate === 'tests')).toEqual([expect.objectContaining({ rule: 'test-failed', pre_existing: true, blocking: false })]);
    // uvu's unnamed passing tests are not "vanished" tests.
    expect(evidence.findings.filter((f) => f.gate === 'integrity')).toEqual([]);
    expect(evidence.verdict).toBe('VERIFIED');
  });

  it('with --baseline: proving tests cannot be told, and the reason says why', async () => {
    const p = tapProject({ test: 'uvu test' }, { 'src/double.js': 'exports.double = (x) => x + 2;\n', 'test/double.js': UVU_TESTS.replace("assert.is(double(0), 0)", 'assert.is(1, 1)') });
    p.change({ 'src/double.js': DOUBLE, 'test/double.js': UVU_TESTS });
    const outcome = await runTestsGate(p.dir, {}, { baseline: true });
    expect(outcome.status).toBe('pass');
    expect(outcome.reason).toContain('proving tests unknown: uvu names only failing tests');
  });
});
