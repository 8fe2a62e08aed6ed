import { afterEach, describe, expect, it } from 'vitest';
import { LokiConfigSchema } from '../../gates/config/schema.js';
import { renderReport } from '../../gates/evidence/render-report.js';
import { runVerify } from '../../gates/verify/run-verify.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

/**
 * Attack: the evidence names a commit, but build and tests ran on whatever the working tree held.
 * Commit a failing change, keep the fix uncommitted (or in an untracked file, or on another
 * branch) and the verdict describes code that was never committed.
 */
const CONFIG = LokiConfigSchema.parse({ verify: { commands: { test: 'node --test' } } });
const ADD = 'exports.add = (a, b) => a + b;\n';
const BROKEN = 'exports.add = (a, b) => a - b;\n';
const TEST = "const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('../src/add.js');\ntest('adds', () => assert.equal(add(2, 3), 5));\n";

let repo: TempRepo | undefined;
afterEach(() => repo?.remove());

function project(): TempRepo {
  repo = createTempRepo({ 'package.json': '{"name":"demo","version":"1.0.0","private":true}\n', 'src/add.js': ADD, 'test/add.test.js': TEST });
  repo.git('checkout', '-q', '-b', 'change');
  return repo;
}

const verify = (r: TempRepo, head?: string) => runVerify({ cwd: r.dir, base: 'main', ...(head ? { head } : {}), gates: ['diff', 'build', 'tests'], config: CONFIG });

describe('attack: a dirty working tree changes the verdict about a commit', () => {
  it('a commit with a failing test and an uncommitted fix is BLOCKED, and the evidence says the tree was dirty', async () => {
    const r = project();
    r.commit('break add', { 'src/add.js': BROKEN, 'README.md': 'changed\n' });
    r.write({ 'src/add.js': ADD });
    const evidence = await verify(r);
    expect(evidence.verdict).toBe('BLOCKED');
    expect(evidence.findings.find((f) => f.rule === 'test-failed')?.file).toBe('test/add.test.js');
    expect(evidence.dirty).toBe(true);
    expect(evidence.tree).toMatchObject({ checked_out: 'clean-worktree', dirty_count: 1, dirty_paths: ['src/add.js'] });
    expect(renderReport(evidence)).toMatch(/uncommitted changes in 1 path \(src\/add\.js\) were not verified/);
  });

  it('an untracked file the commit needs does not make it pass', async () => {
    const r = project();
    r.commit('use a helper that is not committed', { 'src/add.js': "exports.add = require('./helper.js').add;\n" });
    r.write({ 'src/helper.js': ADD });
    const evidence = await verify(r);
    expect(evidence.verdict).toBe('BLOCKED');
    expect(evidence.tree?.dirty_paths).toEqual(['src/helper.js']);
  });

  it('--head names the commit that is built and tested, not the branch checked out', async () => {
    const r = project();
    r.commit('break add', { 'src/add.js': BROKEN });
    r.git('checkout', '-q', 'main');
    const evidence = await verify(r, 'change');
    expect(evidence.verdict).toBe('BLOCKED');
    expect(evidence.dirty).toBe(false);
    expect(evidence.tree?.checked_out).toBe('clean-worktree');
  });

  it('a good commit with a breaking uncommitted edit is judged on the commit', async () => {
    const r = project();
    r.commit('readme', { 'README.md': 'more\n' });
    r.write({ 'src/add.js': BROKEN });
    const evidence = await verify(r);
    expect(evidence.verdict).toBe('VERIFIED');
    expect(evidence.dirty).toBe(true);
    expect(r.git('status', '--porcelain').trim()).toBe('M src/add.js');
  });

  it('a clean checkout of the head is verified where it is', async () => {
    const r = project();
    r.commit('readme', { 'README.md': 'more\n' });
    const evidence = await verify(r);
    expect(evidence.verdict).toBe('VERIFIED');
    expect(evidence.tree).toEqual({ checked_out: 'in-place', dirty_count: 0, dirty_paths: [] });
  });
});
