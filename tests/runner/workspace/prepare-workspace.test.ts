import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobSchema } from '../../../runner/job/schema.js';
import { branchFor, prepareWorkspace } from '../../../runner/workspace/prepare-workspace.js';
import { createTempRepo, type TempRepo } from '../../support/temp-repo.js';

const job = (over: Record<string, unknown> = {}) => JobSchema.parse({ job_id: 'j', kind: 'build', base_ref: 'main', spec: { source: 'file', ref: 'docs/Add Login.md', text: 'x' }, ...over });

describe('branchFor', () => {
  it('is loki/issue-<N> for issues and a stable slug otherwise', () => {
    expect(branchFor(job({ issue_number: 12 }))).toBe('loki/issue-12');
    expect(branchFor(job())).toBe('loki/docs-add-login');
  });
});

describe('prepareWorkspace in place (loki build)', () => {
  let repo: TempRepo;
  afterEach(() => repo.remove());

  it('starts a new branch from the base, records the run-start commit, and keeps scratch and installs out of commits', async () => {
    repo = createTempRepo({ 'a.js': 'a\n' });
    const base = repo.git('rev-parse', 'HEAD').trim();
    const ws = await prepareWorkspace({ job: job(), inPlace: true, workdir: repo.dir, token: () => undefined });
    expect(ws).toMatchObject({ branch: 'loki/docs-add-login', baseSha: base, runStartSha: base, resumed: false, pushTarget: undefined, originalRef: 'main' });
    mkdirSync(join(repo.dir, 'node_modules/x'), { recursive: true });
    writeFileSync(join(repo.dir, 'node_modules/x/index.js'), '');
    writeFileSync(join(repo.dir, '.loki/progress.md'), 'notes');
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(readFileSync(join(repo.dir, '.git/info/exclude'), 'utf8')).toMatch(/^\/\.loki\/$/m);
  });

  it('resumes an existing branch from its last commit', async () => {
    repo = createTempRepo({ 'a.js': 'a\n' });
    repo.git('checkout', '-q', '-b', 'loki/issue-3');
    const wip = repo.commit('wip', { 'b.js': 'b\n' });
    repo.git('checkout', '-q', 'main');
    const ws = await prepareWorkspace({ job: job({ issue_number: 3 }), inPlace: true, workdir: repo.dir, token: () => undefined });
    expect(ws).toMatchObject({ branch: 'loki/issue-3', runStartSha: wip, resumed: true });
    expect(ws.baseSha).not.toBe(wip);
  });

  it('refuses a dirty tree with the fix', async () => {
    repo = createTempRepo({ 'a.js': 'a\n' });
    writeFileSync(join(repo.dir, 'a.js'), 'changed\n');
    await expect(prepareWorkspace({ job: job(), inPlace: true, workdir: repo.dir, token: () => undefined })).rejects.toMatchObject({ fix: expect.stringMatching(/commit or stash/) });
  });

  it('clones partially (--filter=blob:none) for a job with a repository', async () => {
    repo = createTempRepo({ 'a.js': 'a\n' });
    const bare = `${repo.dir}-bare.git`;
    execFileSync('git', ['clone', '-q', '--bare', repo.dir, bare]);
    execFileSync('git', ['-C', bare, 'config', 'uploadpack.allowFilter', 'true']);
    const parent = `${repo.dir}-work`;
    mkdirSync(parent);
    const ws = await prepareWorkspace({ job: job({ repo: { owner: 'o', name: 'n', clone_url: `file://${bare}`, default_branch: 'main' } }), inPlace: false, workdir: parent, token: () => undefined });
    expect(execFileSync('git', ['-C', ws.dir, 'config', 'remote.origin.partialclonefilter'], { encoding: 'utf8' }).trim()).toBe('blob:none');
    expect(ws.pushTarget).toBe(`file://${bare}`);
    rmSync(bare, { recursive: true, force: true });
    rmSync(parent, { recursive: true, force: true });
  });
});
