import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { SpecLockSchema } from '../../gates/spec/spec-schema.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
import { runCli, runCliAsync } from '../support/run-cli.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';
import { loopbackOnly } from '../support/loopback-only.js';

const PRD = '# Shop\n\n## Cart\nUsers add items to a cart.\n\n## Checkout\nUsers pay by card.\n\n## Acceptance criteria\n- [ ] a paid order is stored\n';

let repo: TempRepo | undefined;
let gh: GitHubStandIn | undefined;
loopbackOnly();
afterEach(async () => {
  repo?.remove();
  repo = undefined;
  await gh?.close();
  gh = undefined;
});


function specRepo(): TempRepo {
  repo = createTempRepo({ 'docs/prd.md': PRD });
  return repo;
}

describe('loki spec lock / status', () => {
  it('locks next to the spec, then reports in sync (exit 0)', () => {
    const r = specRepo();
    const lock = runCli(['spec', 'lock', 'docs/prd.md'], { cwd: r.dir });
    expect(lock.code).toBe(0);
    expect(lock.stderr).toContain('docs/prd.md.lock.json');
    const written = SpecLockSchema.parse(JSON.parse(readFileSync(join(r.dir, 'docs/prd.md.lock.json'), 'utf8')));
    expect(written.spec).toMatchObject({ source: 'file', ref: 'prd.md' });
    expect(written.requirements.map((x) => x.id)).toEqual(['acceptance-criteria/a-paid-order-is-stored', 'cart', 'checkout']);
    const status = runCli(['spec', 'status'], { cwd: r.dir });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('✓ docs/prd.md: in sync');
  });

  it('reports a rename and a change with exit 1, and one JSON document with --json', () => {
    const r = specRepo();
    expect(runCli(['spec', 'lock', 'docs/prd.md'], { cwd: r.dir }).code).toBe(0);
    r.write({ 'docs/prd.md': PRD.replace('## Cart', '## Basket').replace('by card', 'by invoice') });
    const human = runCli(['spec', 'status'], { cwd: r.dir });
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('renamed: cart → basket');
    expect(human.stdout).toContain('changed: checkout');
    expect(human.stdout).toContain('loki spec lock docs/prd.md');
    const json = runCli(['spec', 'status', '--json'], { cwd: r.dir });
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.in_sync).toBe(false);
    expect(doc.specs[0].drift.renamed).toEqual([{ from: { id: 'cart', title: 'Cart' }, to: { id: 'basket', title: 'Basket' } }]);
    expect(doc.specs[0].drift.changed.map((c: { id: string }) => c.id)).toEqual(['checkout']);
  });

  it('is in sync after sections are reordered, and after `spec lock` with no SPEC refreshes the lock', () => {
    const r = specRepo();
    runCli(['spec', 'lock', 'docs/prd.md'], { cwd: r.dir });
    r.write({ 'docs/prd.md': '# Shop\n\n## Checkout\nUsers pay by card.\n\n## Cart\nUsers add items to a cart.\n\n## Acceptance criteria\n- [ ] a paid order is stored\n' });
    expect(runCli(['spec', 'status'], { cwd: r.dir }).code).toBe(0);
    r.write({ 'docs/prd.md': PRD.replace('by card', 'by invoice') });
    expect(runCli(['spec', 'status'], { cwd: r.dir }).code).toBe(1);
    const relock = runCli(['spec', 'lock'], { cwd: r.dir });
    expect(relock.code).toBe(0);
    expect(runCli(['spec', 'status', 'docs/prd.md'], { cwd: r.dir }).code).toBe(0);
  });

  it('runs from a subfolder, finding locks across the repository', () => {
    const r = specRepo();
    runCli(['spec', 'lock', 'docs/prd.md'], { cwd: r.dir });
    r.write({ 'src/.keep': '' });
    expect(runCli(['spec', 'lock', 'prd.md'], { cwd: join(r.dir, 'docs') }).code).toBe(0);
    expect(runCli(['spec', 'status'], { cwd: join(r.dir, 'src') }).code).toBe(0);
  });

  it('exits 3 with the fix when there is no lock, when the spec is gone, and on a bad subcommand', () => {
    const r = specRepo();
    const none = runCli(['spec', 'status'], { cwd: r.dir });
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('Fix: lock the spec first');
    runCli(['spec', 'lock', 'docs/prd.md'], { cwd: r.dir });
    rmSync(join(r.dir, 'docs/prd.md'));
    const gone = runCli(['spec', 'status', '--json'], { cwd: r.dir });
    expect(gone.code).toBe(3);
    expect(JSON.parse(gone.stdout).specs[0].error.code).toBe('SPEC_NOT_FOUND');
    const bad = runCli(['spec', 'frobnicate'], { cwd: r.dir });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('Fix:');
  });

  it('locks a GitHub issue under .github/loki-specs and detects an edit to the issue', async () => {
    const r = specRepo();
    gh = await startGitHubStandIn();
    let body = 'Export tasks.\n\n## Acceptance criteria\n- [ ] a CSV file downloads\n';
    gh.on('GET', '/repos/octo/app/issues/12', () => ({ body: { title: 'CSV export', body, labels: [] } }));
    const env = { GITHUB_TOKEN: 'ghs_test', GITHUB_API_URL: gh.url };
    expect((await runCliAsync(['spec', 'lock', 'octo/app#12'], r.dir, env)).code).toBe(0);
    expect(existsSync(join(r.dir, '.github/loki-specs/issue-octo-app-12.lock.json'))).toBe(true);
    expect((await runCliAsync(['spec', 'status'], r.dir, env)).code).toBe(0);
    body = body.replace('a CSV file downloads', 'a CSV file downloads with a header row');
    const drifted = await runCliAsync(['spec', 'status', '--json'], r.dir, env);
    expect(drifted.code).toBe(1);
    expect(JSON.parse(drifted.stdout).specs[0].drift.changed[0].previous_id).toBe('acceptance-criteria/a-csv-file-downloads');
  });
});
