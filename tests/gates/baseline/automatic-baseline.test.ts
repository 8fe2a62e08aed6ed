import { describe, expect, it } from 'vitest';
import { LokiConfigSchema } from '../../../gates/config/schema.js';
import { runVerify } from '../../../gates/verify/run-verify.js';
import { packageJson, useTempProjects } from '../toolchain/temp-project.js';

/**
 * Without --baseline, a failure still gets the merge-base's run (real git, real node:test): a red
 * base is not blamed on the change, a real regression still blocks, and a green run costs nothing.
 */
const project = useTempProjects();
const CONFIG = LokiConfigSchema.parse({ verify: { commands: { test: 'node --test' } } });
const verify = (dir: string) => runVerify({ cwd: dir, base: 'main', gates: ['diff', 'build', 'tests'], config: CONFIG });

const ADD = 'exports.add = (a, b) => a + b;\n';
const ADD_TEST = "const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('../src/add.js');\ntest('adds', () => assert.equal(add(2, 3), 5));\n";
const BROKEN_TEST = "const test = require('node:test');\ntest('legacy', () => { throw new Error('broken since forever'); });\n";

describe('automatic baseline on failure', () => {
  it('a docs-only change to a repository whose base already fails is not blamed for the failure', async () => {
    const p = project({ 'package.json': packageJson({}), 'src/add.js': ADD, 'test/add.test.js': ADD_TEST, 'test/legacy.test.js': BROKEN_TEST });
    p.change({ 'README.md': '# Calculator\n\nNow documented.\n' });
    const evidence = await verify(p.dir);
    const tests = evidence.gates.find((g) => g.id === 'tests')!;
    expect(evidence.verdict, tests.reason).toBe('VERIFIED');
    expect(tests.reason).toContain('1 pre-existing');
    expect(tests.reason).toContain('the merge-base was tested because a test failed (automatic baseline)');
    expect(tests.steps?.map((s) => s.name)).toEqual(['baseline tests']);
    expect(evidence.findings).toMatchObject([{ rule: 'test-failed', pre_existing: true, blocking: false }]);
  });

  it('a regression on a green base still blocks, and says the base was run', async () => {
    const p = project({ 'package.json': packageJson({}), 'src/add.js': ADD, 'test/add.test.js': ADD_TEST });
    p.change({ 'src/add.js': 'exports.add = (a, b) => a - b;\n' });
    const evidence = await verify(p.dir);
    const tests = evidence.gates.find((g) => g.id === 'tests')!;
    expect(evidence.verdict).toBe('BLOCKED');
    expect(tests.reason).toContain('automatic baseline');
    expect(evidence.findings).toMatchObject([{ rule: 'test-failed', pre_existing: false, blocking: true }]);
  });

  it('costs nothing when the tests pass: no run on the base, no proving run', async () => {
    const p = project({ 'package.json': packageJson({}), 'src/add.js': ADD, 'test/add.test.js': ADD_TEST });
    p.change({ 'src/add.js': `${ADD}exports.twice = (a) => exports.add(a, a);\n` });
    const tests = (await verify(p.dir)).gates.find((g) => g.id === 'tests')!;
    expect(tests.steps ?? []).toEqual([]);
    expect(tests.counts?.proving).toBeUndefined();
  });

  it('a build that already fails on the base is not blamed on a docs-only change', async () => {
    const build = "process.exit(require('node:fs').existsSync('src/generated.js') ? 0 : 1);\n";
    const p = project({ 'package.json': packageJson({ build: 'node build.js' }), 'build.js': build, 'src/add.js': ADD, 'test/add.test.js': ADD_TEST });
    p.change({ 'README.md': 'docs\n' });
    const evidence = await verify(p.dir);
    const gate = evidence.gates.find((g) => g.id === 'build')!;
    expect(gate.reason).toContain('pre-existing: the base build failed too');
    expect(gate.reason).toContain('automatic baseline');
    expect(evidence.findings.find((f) => f.rule === 'build-failed')).toMatchObject({ pre_existing: true, blocking: false });
    expect(evidence.verdict).not.toBe('BLOCKED');
  });
});
