import { afterEach, describe, expect, it } from 'vitest';
import { integrityGate } from '../../../gates/checks/integrity.js';
import type { TestsData } from '../../../gates/checks/tests-data.js';
import { defaultConfig, LokiConfigSchema } from '../../../gates/config/schema.js';
import type { GateOutcome } from '../../../gates/verify/gate.js';
import { runVerify } from '../../../gates/verify/run-verify.js';
import { createTempRepo, type TempRepo } from '../../support/temp-repo.js';
import { gateContext, type ContextOptions } from './gate-context.js';

const MATH = "export const add = (a, b) => a + b;\nexport const sub = (a, b) => a - b;\n";
const TEST = [
  "import { test } from 'node:test';",
  "import assert from 'node:assert/strict';",
  "import { add, sub } from '../src/math.js';",
  "test('adds', () => { assert.equal(add(1, 2), 3); });",
  "test('subtracts', () => { assert.equal(sub(3, 2), 1); });",
  '',
].join('\n');
const PKG = `${JSON.stringify({ name: 'demo', type: 'module', scripts: { test: 'node --test' } }, null, 2)}\n`;

let repo: TempRepo | undefined;
afterEach(() => repo?.remove());

/** A small node --test project on main, and a feature branch with `change` committed. */
function project(change: Record<string, string>, remove: string[] = []): TempRepo {
  repo?.remove();
  repo = createTempRepo({ 'package.json': PKG, 'src/math.js': MATH, 'test/math.test.js': TEST, 'README.md': '# demo\n' });
  repo.git('checkout', '-q', '-b', 'feature');
  for (const path of remove) repo.git('rm', '-q', path);
  repo.commit('change', change);
  return repo;
}

async function run(r: TempRepo, options: ContextOptions = {}): Promise<GateOutcome> {
  return integrityGate.run(await gateContext(r.dir, options));
}

describe('integrity gate on real repositories', () => {
  it('passes a change that adds a real test', async () => {
    const r = project({ 'test/math.test.js': `${TEST}test('adds negatives', () => { assert.equal(add(-1, -2), -3); });\n` });
    const outcome = await run(r);
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toEqual([]);
    expect(outcome.reason).toContain('the tests gate did not run');
    const withTests = await run(r, { dependencies: { tests: { status: 'pass', reason: '2 passed', data: { runner: 'node --test', cases: [] } } } });
    expect(withTests.reason).toContain('run with --baseline');
  });

  it('fails on a deleted test file', async () => {
    const r = project({ 'src/math.js': `${MATH}export const mul = (a, b) => a * b;\n` }, ['test/math.test.js']);
    const outcome = await run(r);
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([{ rule: 'test-deleted', severity: 'high', file: 'test/math.test.js' }]);
  });

  it('a test file deleted together with the code it tested is medium, with the reason; deleting only the test stays high', async () => {
    const both = project({ 'README.md': '# demo\n\nmath is gone\n' }, ['test/math.test.js', 'src/math.js']);
    const outcome = await run(both);
    expect(outcome.findings).toMatchObject([{ rule: 'test-deleted', severity: 'medium', file: 'test/math.test.js' }]);
    expect(outcome.findings?.[0]?.message).toContain('together with the code it tested (src/math.js)');
    // The test imported src/math.js: deleting another source file alongside it excuses nothing.
    const other = project({ 'src/other.js': 'export const x = 1;\n' });
    other.git('checkout', '-q', 'main');
    other.commit('other', { 'src/other.js': 'export const x = 1;\n' });
    other.git('checkout', '-q', 'feature');
    other.git('rebase', '-q', 'main');
    other.git('rm', '-q', 'test/math.test.js', 'src/other.js');
    other.commit('delete', {});
    expect((await run(other)).findings).toMatchObject([{ rule: 'test-deleted', severity: 'high' }]);
  });

  it('fails on a new skip marker, naming file and line', async () => {
    const r = project({ 'test/math.test.js': TEST.replace("test('subtracts'", "test.skip('subtracts'") });
    const outcome = await run(r);
    expect(outcome.status).toBe('fail');
    expect(outcome.findings?.map((f) => [f.rule, f.file, f.line])).toContainEqual(['new-skip', 'test/math.test.js', 5]);
  });

  it('fails on removed assertions and on a tautology that replaces them', async () => {
    const r = project({ 'test/math.test.js': TEST.replace('assert.equal(sub(3, 2), 1);', 'assert.ok(true);') });
    const outcome = await run(r);
    expect(outcome.status).toBe('fail');
    expect(outcome.findings?.map((f) => f.rule).sort()).toEqual(['tautology']);
    const gutted = project({ 'test/math.test.js': TEST.replace('assert.equal(sub(3, 2), 1);', 'sub(3, 2);') });
    expect((await run(gutted)).findings?.map((f) => f.rule)).toEqual(['assertions-removed']);
  });

  it('fails when an exact assertion becomes an existence check (the count unchanged)', async () => {
    const r = project({ 'test/math.test.js': TEST.replace('assert.equal(sub(3, 2), 1);', 'assert.ok(sub(3, 2) !== undefined);') });
    const outcome = await run(r);
    expect(outcome.status).toBe('fail');
    expect(outcome.findings?.map((f) => f.rule)).toEqual(['assertion-weakened']);
  });

  it('fails when a test case is deleted from a kept test file, even without a baseline', async () => {
    const r = project({ 'test/math.test.js': TEST.replace("test('subtracts', () => { assert.equal(sub(3, 2), 1); });\n", '') });
    const outcome = await run(r);
    expect(outcome.status).toBe('fail');
    expect(outcome.findings?.map((f) => f.rule).sort()).toEqual(['assertions-removed', 'test-cases-removed']);
  });

  it('fails when the test script gains `|| true` or --passWithNoTests', async () => {
    const r = project({ 'package.json': PKG.replace('"node --test"', '"node --test || true"') });
    const outcome = await run(r);
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([{ rule: 'test-command-weakened', severity: 'high', file: 'package.json', line: 5 }]);
    expect(outcome.findings?.[0]?.message).toContain('scripts.test');
    const jestPkg = PKG.replace('"node --test"', '"jest --passWithNoTests"').replace('"scripts"', '"jest": { "testPathIgnorePatterns": ["/slow/"] },\n  "scripts"');
    const jest = await run(project({ 'package.json': jestPkg }));
    expect(jest.findings?.map((f) => [f.rule, f.severity]).sort()).toEqual([['test-command-weakened', 'high'], ['test-scope-narrowed', 'medium']]);
  });

  it('fails on an early exit in a test setup file', async () => {
    const r = project({ 'test/setup.js': 'if (process.env.CI) process.exit(0);\n' });
    expect((await run(r)).findings?.map((f) => f.rule)).toEqual(['early-exit']);
  });

  it('reports new suppressions as medium findings without failing', async () => {
    const r = project({ 'src/math.js': `${MATH}// eslint-disable-next-line no-unused-vars\nexport const unused = 1;\n` });
    const outcome = await run(r);
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toMatchObject([{ rule: 'new-suppression', severity: 'medium', file: 'src/math.js', line: 3 }]);
  });

  it('is skipped when the change touches no code, tests or test configuration', async () => {
    const r = project({ 'README.md': '# demo\n\nMore words.\n' });
    expect(await run(r)).toMatchObject({ status: 'skipped', reason: expect.stringContaining('touches no code') });
  });

  it('compares test cases with the base when the tests gate ran a baseline', async () => {
    const r = project({ 'src/math.js': `${MATH}export const mul = (a, b) => a * b;\n` });
    const base = [{ id: 'test/math.test.js > adds', file: 'test/math.test.js', status: 'passed' as const }, { id: 'test/math.test.js > subtracts', file: 'test/math.test.js', status: 'passed' as const }];
    const data: TestsData = { runner: 'node --test', cases: [base[0]!], baseCases: base };
    const outcome = await run(r, { baseline: true, dependencies: { tests: { status: 'pass', reason: '1 passed', data } } });
    expect(outcome.status).toBe('fail');
    expect(outcome.findings?.map((f) => f.rule).sort()).toEqual(['fewer-tests', 'vanished-test']);
  });

  it('is inconclusive when a baseline was asked for but the tests gate has no base test ids', async () => {
    const r = project({ 'src/math.js': `${MATH}export const mul = (a, b) => a * b;\n` });
    const outcome = await run(r, { baseline: true, dependencies: { tests: { status: 'inconclusive', reason: 'no runner', data: { runner: 'x', cases: [] } } } });
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('no base test ids');
  });

  it('honours verify.test_patterns', async () => {
    const config = LokiConfigSchema.parse({ verify: { test_patterns: ['checks/**'] } });
    repo = createTempRepo({ 'checks/math.js': "it('adds', () => {});\n" });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('skip', { 'checks/math.js': "it.skip('adds', () => {});\n" });
    expect((await run(repo, { config })).status).toBe('fail');
    expect((await run(repo)).status).toBe('pass');
  });
});

describe('integrity gate end to end (runVerify)', () => {
  it('blocks a change that deletes a test, and verifies one that adds a test', async () => {
    const weakened = project({ 'src/math.js': `${MATH}export const mul = (a, b) => a * b;\n` }, ['test/math.test.js']);
    const blocked = await runVerify({ cwd: weakened.dir, base: 'main', gates: ['diff', 'integrity'], config: defaultConfig() });
    expect(blocked.verdict).toBe('BLOCKED');
    expect(blocked.findings).toMatchObject([{ gate: 'integrity', rule: 'test-deleted', blocking: true, file: 'test/math.test.js' }]);
    weakened.remove();

    const honest = project({ 'test/math.test.js': `${TEST}test('adds zero', () => { assert.equal(add(0, 2), 2); });\n` });
    const verified = await runVerify({ cwd: honest.dir, base: 'main', gates: ['diff', 'integrity'], config: defaultConfig() });
    expect(verified.gates.find((g) => g.id === 'integrity')?.status).toBe('pass');
    expect(verified.verdict).toBe('VERIFIED');
  });

  it('with the tests gate and --baseline, a removed test case is a blocking integrity finding', async () => {
    const r = project({ 'test/math.test.js': TEST.replace("test('subtracts', () => { assert.equal(sub(3, 2), 1); });\n", '') });
    const evidence = await runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'tests', 'integrity'], baseline: true, config: defaultConfig() });
    const integrity = evidence.findings.filter((f) => f.gate === 'integrity');
    const tests = evidence.gates.find((g) => g.id === 'tests');
    expect(tests?.status, `tests gate: ${tests?.reason}`).toBe('pass');
    expect(evidence.gates.find((g) => g.id === 'integrity')?.status).toBe('fail');
    expect(integrity.map((f) => f.rule)).toEqual(expect.arrayContaining(['fewer-tests', 'vanished-test']));
    expect(evidence.verdict).toBe('BLOCKED');
  });
});
