import { describe, expect, it } from 'vitest';
import { LokiConfigSchema } from '../../../gates/config/schema.js';
import { renderReport } from '../../../gates/evidence/render-report.js';
import { runVerify, type VerifyOptions } from '../../../gates/verify/run-verify.js';
import { packageJson, useTempProjects } from '../toolchain/temp-project.js';

/**
 * Proving tests on small real projects (real git, real node:test): the head's tests run on the
 * merge-base's code, and the tests that pass here and fail (or cannot exist) there prove the change.
 */
const project = useTempProjects();
const CONFIG = LokiConfigSchema.parse({ verify: { commands: { test: 'node --test' } } });

const ADD_BUGGY = 'exports.add = (a, b) => a - b;\n';
const ADD_FIXED = 'exports.add = (a, b) => a + b;\n';
const SUB = 'exports.sub = (a, b) => a - b;\n';
const SUB_TEST = "const test = require('node:test');\nconst assert = require('node:assert');\nconst { sub } = require('../src/sub.js');\ntest('subtracts', () => assert.equal(sub(5, 3), 2));\n";
const ADD_TEST = "const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('../src/add.js');\ntest('adds', () => assert.equal(add(2, 3), 5));\n";

const MUL_TEST = "const test = require('node:test');\nconst assert = require('node:assert');\nconst { mul } = require('../src/mul.js');\ntest('multiplies', () => assert.equal(mul(2, 3), 6));\n";

function calculator(add = ADD_BUGGY) {
  return project({ 'package.json': packageJson({}), 'src/add.js': add, 'src/sub.js': SUB, 'test/sub.test.js': SUB_TEST });
}

const verify = (dir: string, extra: Partial<VerifyOptions> = {}) => runVerify({ cwd: dir, base: 'main', gates: ['diff', 'build', 'tests'], baseline: true, config: CONFIG, ...extra });
const testsGate = (e: Awaited<ReturnType<typeof verify>>) => e.gates.find((g) => g.id === 'tests')!;

describe('proving tests (--baseline)', () => {
  it('a bug fix with its regression test: the test fails without the fix, so it proves the change', async () => {
    const p = calculator();
    p.change({ 'src/add.js': ADD_FIXED, 'test/add.test.js': ADD_TEST });
    const evidence = await verify(p.dir, { provingTest: { required: true } });
    const gate = testsGate(evidence);
    expect(gate.counts?.proving).toBe(1);
    expect(gate.proving).toEqual([{ id: 'test/add.test.js > adds', file: 'test/add.test.js', on_base: 'failed' }]);
    expect(gate.reason).toContain('1 proving test (fails without the change)');
    expect(gate.steps?.map((s) => s.name)).toEqual(['baseline tests', "baseline tests with the head's tests"]);
    expect(evidence.verdict).toBe('VERIFIED');
    expect(renderReport(evidence)).toMatch(/### Proving tests \(1\)[\s\S]*`test\/add\.test\.js > adds` — fails on the merge-base/);
  });

  it('a test of new code that does not exist on the base proves it: its file cannot load there', async () => {
    const p = calculator(ADD_FIXED);
    p.change({ 'src/mul.js': 'exports.mul = (a, b) => a * b;\n', 'test/mul.test.js': MUL_TEST });
    const gate = testsGate(await verify(p.dir));
    expect(gate.proving).toEqual([{ id: 'test/mul.test.js > multiplies', file: 'test/mul.test.js', on_base: 'absent' }]);
  });

  it('a new test that passes on the base too proves nothing: CONCERNS where proving tests are required, reported otherwise', async () => {
    const p = calculator(ADD_FIXED);
    p.change({ 'src/add.js': `${ADD_FIXED}exports.twice = (a) => exports.add(a, a);\n`, 'test/add.test.js': ADD_TEST });
    const required = await verify(p.dir, { provingTest: { required: true } });
    expect(testsGate(required).counts?.proving).toBe(0);
    expect(required.verdict).toBe('CONCERNS');
    const finding = required.findings.find((f) => f.rule === 'no-proving-test');
    expect(finding).toMatchObject({ gate: 'tests', severity: 'medium', blocking: false });
    expect(finding?.message).toMatch(/^no test fails without this change/);
    const plain = await verify(p.dir);
    expect(testsGate(plain).counts?.proving).toBe(0);
    expect(testsGate(plain).reason).toContain('no test fails without this change');
    expect(plain.verdict).toBe('VERIFIED');
  });

  it('a refactor marked as such needs no proving test; the same change unmarked is CONCERNS in a build', async () => {
    const p = calculator(ADD_FIXED);
    p.change({ 'src/add.js': 'function add(a, b) {\n  return a + b;\n}\nexports.add = add;\n', 'test/add.test.js': ADD_TEST });
    const declared = { kind: 'refactor' as const, by: 'the spec\'s title "refactor: name the function"' };
    const marked = await verify(p.dir, { provingTest: { required: true, declared } });
    expect(marked.verdict).toBe('VERIFIED');
    expect(testsGate(marked).counts?.proving).toBe(0);
    expect(testsGate(marked).reason).toContain('no test fails without this change; declared a refactor by the spec\'s title "refactor: name the function", so no proving test is required');
    expect(marked.subject.declared_change).toEqual(declared);
    const unmarked = await verify(p.dir, { provingTest: { required: true } });
    expect(unmarked.verdict).toBe('CONCERNS');
    expect(unmarked.subject.declared_change).toBeUndefined();
  });

  it('verify reads the declaration from the head commit, or from the pull request when it is given', async () => {
    const REQUIRED = LokiConfigSchema.parse({ verify: { commands: { test: 'node --test' }, require_proving_test: true } });
    const p = calculator(ADD_FIXED);
    p.change({ 'src/add.js': 'function add(a, b) {\n  return a + b;\n}\nexports.add = add;\n' }, 'refactor(add): name the function\n\nNo behaviour changes.');
    const byCommit = await verify(p.dir, { config: REQUIRED });
    expect(byCommit.subject.declared_change).toEqual({ kind: 'refactor', by: 'the head commit\'s title "refactor(add): name the function"' });
    expect(byCommit.verdict).toBe('VERIFIED');
    const byPr = await verify(p.dir, { config: REQUIRED, change: { whose: "the pull request's", title: 'Name the add function', text: 'Speeds up nothing.', labels: ['enhancement'] } });
    expect(byPr.subject.declared_change).toBeUndefined();
    expect(byPr.verdict).toBe('CONCERNS');
    expect(byPr.findings.map((f) => f.rule)).toContain('no-proving-test');
  });

  it('attack: a behaviour change that calls itself a refactor to skip the proving test is CONCERNS, naming the tests that fail without it', async () => {
    const p = project({ 'package.json': packageJson({}), 'src/add.js': ADD_BUGGY, 'test/add.test.js': ADD_TEST.replace('5)', '-1)') });
    p.change({ 'src/add.js': ADD_FIXED, 'test/add.test.js': ADD_TEST }, 'refactor: tidy add');
    const evidence = await verify(p.dir, { config: LokiConfigSchema.parse({ verify: { commands: { test: 'node --test' }, require_proving_test: true } }) });
    expect(testsGate(evidence).counts?.proving).toBe(1);
    expect(evidence.verdict).toBe('CONCERNS');
    const finding = evidence.findings.find((f) => f.rule === 'declared-change-changes-behaviour');
    expect(finding).toMatchObject({ gate: 'tests', severity: 'medium', blocking: false });
    expect(finding?.message).toContain('the change is declared a refactor (by the head commit\'s title "refactor: tidy add"), but 1 test fails without it (test/add.test.js > adds): it changes behaviour');
  });

  it('a failure on both sides stays pre-existing and proves nothing; a change to tests alone needs no extra run', async () => {
    const legacy = "const test = require('node:test');\ntest('legacy', () => { throw new Error('broken since forever'); });\n";
    const p = project({ 'package.json': packageJson({}), 'src/sub.js': SUB, 'test/sub.test.js': SUB_TEST, 'test/legacy.test.js': legacy });
    p.change({ 'test/sub-more.test.js': SUB_TEST.replace("'subtracts'", "'subtracts again'") });
    const evidence = await verify(p.dir);
    const gate = testsGate(evidence);
    expect(evidence.findings.find((f) => f.rule === 'test-failed')).toMatchObject({ pre_existing: true, blocking: false });
    expect(gate.counts?.proving).toBe(0);
    expect(gate.reason).toContain('no test fails without this change (the change touches only tests)');
    expect(gate.steps?.map((s) => s.name)).toEqual(['baseline tests']);
  });

  it('the head passes a test that already failed on the base: it proves the change without a new test file', async () => {
    const p = project({ 'package.json': packageJson({}), 'src/add.js': ADD_BUGGY, 'test/add.test.js': ADD_TEST });
    p.change({ 'src/add.js': ADD_FIXED });
    const gate = testsGate(await verify(p.dir));
    expect(gate.proving).toEqual([{ id: 'test/add.test.js > adds', file: 'test/add.test.js', on_base: 'failed' }]);
    expect(gate.steps?.map((s) => s.name)).toEqual(['baseline tests']);
  });
});
