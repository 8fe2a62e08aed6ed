import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LokiError } from '../../../gates/core/errors.js';
import { resolveDiff } from '../../../gates/git/resolve-diff.js';
import { createTempRepo, type TempRepo } from '../../support/temp-repo.js';

const cleanup: Array<() => void> = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function repo(): TempRepo {
  const r = createTempRepo({ 'a.txt': 'one\n' });
  cleanup.push(r.remove);
  return r;
}

describe('resolveDiff', () => {
  it('diffs from the merge-base, not from the moved-on base branch', async () => {
    const r = repo();
    r.git('checkout', '-q', '-b', 'feature');
    r.commit('feature work', { 'b.txt': 'new\n' });
    r.git('checkout', '-q', 'main');
    const mainAhead = r.commit('main moves on', { 'c.txt': 'unrelated\n' });
    r.git('checkout', '-q', 'feature');
    const diff = await resolveDiff({ cwd: r.dir, base: 'main' });
    expect(diff.baseSha).toBe(mainAhead);
    expect(diff.mergeBaseSha).not.toBe(mainAhead);
    expect(diff.files.map((f) => f.path)).toEqual(['b.txt']);
    expect(diff.stats).toEqual({ files: 1, additions: 1, deletions: 0 });
  });

  it('takes a base relative to HEAD from the checkout, not from origin/HEAD (a clone checked out at an older commit)', async () => {
    const r = repo();
    const older = r.commit('older', { 'b.txt': 'b\n' });
    r.commit('newer', { 'c.txt': 'c\n' });
    const remote = mkdtempSync(join(tmpdir(), 'loki-remote-'));
    cleanup.push(() => rmSync(remote, { recursive: true, force: true }));
    execFileSync('git', ['clone', '-q', r.dir, remote]);
    execFileSync('git', ['checkout', '-q', '--detach', older], { cwd: remote });
    // The old code tried origin/HEAD~1 first: the remote's tip one back, an empty diff here.
    const diff = await resolveDiff({ cwd: remote, base: 'HEAD~1' });
    expect(diff.headSha).toBe(older);
    expect(diff.files.map((f) => f.path)).toEqual(['b.txt']);
  });

  it('prefers origin/BASE over a stale local BASE', async () => {
    const r = repo();
    const remote = mkdtempSync(join(tmpdir(), 'loki-remote-'));
    cleanup.push(() => rmSync(remote, { recursive: true, force: true }));
    execFileSync('git', ['init', '-q', '--bare', remote]);
    r.git('remote', 'add', 'origin', remote);
    r.git('push', '-q', 'origin', 'main');
    r.git('checkout', '-q', '-b', 'feature');
    r.commit('feature', { 'b.txt': 'x\n' });
    r.git('push', '-q', 'origin', 'feature:main'); // the remote's main now contains the feature
    r.git('fetch', '-q', 'origin');
    const diff = await resolveDiff({ cwd: r.dir, base: 'main' });
    expect(diff.stats.files).toBe(0);
  });

  it('reports an empty change as zero files', async () => {
    const r = repo();
    const diff = await resolveDiff({ cwd: r.dir, base: 'main' });
    expect(diff.files).toEqual([]);
  });

  it('names the fix when the base does not exist', async () => {
    const r = repo();
    const error = await resolveDiff({ cwd: r.dir, base: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LokiError);
    expect((error as LokiError).code).toBe('BASE_NOT_FOUND');
    expect((error as LokiError).fix).toContain('git fetch origin nope');
  });

  it('tells a shallow clone to fetch full history (fetch-depth: 0)', async () => {
    const r = repo();
    r.commit('two', { 'a.txt': 'two\n' });
    r.commit('three', { 'a.txt': 'three\n' });
    const shallow = mkdtempSync(join(tmpdir(), 'loki-shallow-'));
    cleanup.push(() => rmSync(shallow, { recursive: true, force: true }));
    execFileSync('git', ['clone', '-q', '--depth', '1', '--no-single-branch', `file://${r.dir}`, shallow]);
    const error = await resolveDiff({ cwd: shallow, base: 'v0' }).catch((e: unknown) => e);
    expect((error as LokiError).code).toBe('SHALLOW_CLONE');
    expect((error as LokiError).fix).toContain('fetch-depth: 0');
  });
});
