import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkEvidence } from '../../../gates/evidence/check-evidence.js';
import type { Tree } from '../../../gates/evidence/schema.js';
import { makeEvidence } from '../../support/evidence-fixture.js';
import { createTempRepo, type TempRepo } from '../../support/temp-repo.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.remove());

function evidenceFor(head: string, dirty = false, tree?: Tree): string {
  const file = join(repo!.dir, '.loki-evidence.json');
  const e = makeEvidence({ dirty, ...(tree ? { tree } : {}) });
  writeFileSync(file, JSON.stringify({ ...e, subject: { ...e.subject, head_sha: head } }));
  return file;
}

describe('checkEvidence', () => {
  it('accepts evidence for HEAD on a clean tree', async () => {
    repo = createTempRepo({ '.gitignore': '.loki-evidence.json\n' });
    const head = repo.git('rev-parse', 'HEAD').trim();
    const result = await checkEvidence(evidenceFor(head), repo.dir);
    expect(result).toMatchObject({ fresh: true, problems: [] });
  });

  it('rejects evidence for an older commit, or a tree edited since', async () => {
    repo = createTempRepo({ '.gitignore': '.loki-evidence.json\n' });
    const old = repo.git('rev-parse', 'HEAD').trim();
    repo.commit('more', { 'b.txt': 'b\n' });
    const stale = await checkEvidence(evidenceFor(old), repo.dir);
    expect(stale.fresh).toBe(false);
    expect(stale.problems[0]).toContain(old.slice(0, 12));

    const head = repo.git('rev-parse', 'HEAD').trim();
    repo.write({ 'b.txt': 'edited\n' });
    const dirty = await checkEvidence(evidenceFor(head), repo.dir);
    expect(dirty.fresh).toBe(false);
    expect(dirty.problems.join()).toContain('uncommitted changes now (b.txt)');
  });

  it('rejects evidence that was produced on a dirty tree, unless it came from a clean worktree of the commit', async () => {
    repo = createTempRepo({ '.gitignore': '.loki-evidence.json\n' });
    const head = repo.git('rev-parse', 'HEAD').trim();
    const result = await checkEvidence(evidenceFor(head, true), repo.dir);
    expect(result.fresh).toBe(false);
    const clean = await checkEvidence(evidenceFor(head, true, { checked_out: 'clean-worktree', dirty_paths: ['a.txt'], dirty_count: 1 }), repo.dir);
    expect(clean).toMatchObject({ fresh: true, problems: [] });
  });
});
