import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { lockSpec, normaliseSpec } from '../../../gates/spec/index.js';
import { runVerify } from '../../../gates/verify/run-verify.js';
import { createTempRepo, type TempRepo } from '../../support/temp-repo.js';

const PRD = '# Shop\n\n## Cart\nUsers add items to a cart.\n\n## Checkout\nUsers pay by card.\n\n## Acceptance criteria\n- [ ] a paid order is stored\n';

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.remove();
  repo = undefined;
});

/** Writes docs/prd.md.lock.json for the spec currently in the working tree, as `loki spec lock` does. */
async function lock(r: TempRepo, specPath = 'docs/prd.md'): Promise<void> {
  const abs = join(r.dir, specPath);
  const spec = normaliseSpec({ source: 'file', text: readFileSync(abs, 'utf8'), path: abs, ref: specPath });
  await lockSpec(spec, `${abs}.lock.json`, abs);
}

async function lockedRepo(): Promise<TempRepo> {
  repo = createTempRepo({ 'docs/prd.md': PRD, 'src/app.js': 'export {};\n' });
  await lock(repo);
  repo.commit('lock the spec');
  repo.git('checkout', '-q', '-b', 'feature');
  return repo;
}

const verify = (r: TempRepo) => runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'spec-drift'], config: defaultConfig() });
const gate = (evidence: Awaited<ReturnType<typeof verify>>) => evidence.gates.find((g) => g.id === 'spec-drift');

describe('spec-drift gate (through runVerify)', () => {
  it('is skipped with "no spec lock" when the repository has none, other tools’ lock files included', async () => {
    repo = createTempRepo({ 'docs/prd.md': PRD, 'packages.lock.json': '{"version":1,"dependencies":{}}\n' });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('work', { 'src/app.js': 'export {};\n' });
    const evidence = await verify(repo);
    expect(gate(evidence)).toMatchObject({ status: 'skipped', reason: 'no spec lock' });
    // With spec-drift skipped, only the diff gate passed: nothing was checked, so no VERIFIED.
    expect(evidence.verdict).toBe('CONCERNS');
  });

  it('passes when every locked spec matches its lock at the head', async () => {
    const r = await lockedRepo();
    r.commit('code', { 'src/app.js': 'export const x = 1;\n' });
    const evidence = await verify(r);
    expect(gate(evidence)).toMatchObject({ status: 'pass', reason: '1 spec lock in sync', counts: { files: 1, findings: 0 } });
    expect(evidence.verdict).toBe('VERIFIED');
  });

  it('fails with a blocking high finding naming the drifted requirements when the change edits the spec', async () => {
    const r = await lockedRepo();
    r.commit('edit spec', { 'docs/prd.md': PRD.replace('Users pay by card.', 'Users pay by invoice.').replace('## Cart', '## Basket').replace('## Acceptance', '## Refunds\nWithin 14 days.\n\n## Acceptance') });
    const evidence = await verify(r);
    expect(gate(evidence)?.status).toBe('fail');
    expect(evidence.verdict).toBe('BLOCKED');
    const finding = evidence.findings.find((f) => f.gate === 'spec-drift');
    expect(finding).toMatchObject({ rule: 'spec-drift', severity: 'high', blocking: true, file: 'docs/prd.md', pre_existing: false });
    expect(finding?.message).toContain('changed: checkout');
    expect(finding?.message).toContain('renamed: cart → basket');
    expect(finding?.message).toContain('added: refunds');
    expect(finding?.message).toContain('loki spec lock docs/prd.md');
  });

  it('reports a spec change that comes with a refreshed lock for a person to accept: no drift, but never VERIFIED', async () => {
    const r = await lockedRepo();
    r.write({ 'docs/prd.md': PRD.replace('Users pay by card.', 'Users pay by invoice.') });
    await lock(r);
    r.commit('agreed spec change');
    const evidence = await verify(r);
    expect(evidence.findings.map((f) => [f.rule, f.severity, f.blocking])).toEqual([['spec-lock-changed', 'medium', false]]);
    expect(evidence.findings[0]?.message).toContain("compared with the base's lock, changed: checkout");
    expect(gate(evidence)?.reason).toBe('the change re-writes or deletes 1 spec lock (docs/prd.md.lock.json)');
    expect(evidence.verdict).toBe('CONCERNS');
  });

  it('reports a lock re-written with the same requirements as low, and a lock the change adds not at all', async () => {
    const r = await lockedRepo();
    const path = join(r.dir, 'docs/prd.md.lock.json');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace(/"locked_at": "[^"]+"/, '"locked_at": "2030-01-01T00:00:00.000Z"'));
    r.write({ 'docs/other.md': '# Other\n\n## Search\nUsers search.\n' });
    await lock(r, 'docs/other.md');
    r.commit('relock and a new spec');
    const evidence = await verify(r);
    expect(evidence.findings.map((f) => [f.rule, f.severity, f.file])).toEqual([['spec-lock-changed', 'low', 'docs/prd.md.lock.json']]);
    expect(evidence.findings[0]?.message).toContain('no requirement changed');
  });

  it('checks the head commit, not uncommitted edits in the working tree', async () => {
    const r = await lockedRepo();
    r.commit('code', { 'src/app.js': 'export const y = 2;\n' });
    writeFileSync(join(r.dir, 'docs/prd.md'), PRD.replace('by card', 'in cash'));
    expect(gate(await verify(r))?.status).toBe('pass');
  });

  it('reports drift the change did not cause as pre-existing: not blocking', async () => {
    repo = createTempRepo({ 'docs/prd.md': PRD });
    await lock(repo);
    repo.commit('lock');
    repo.commit('drift on main', { 'docs/prd.md': PRD.replace('by card', 'in cash') });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('code', { 'src/app.js': 'export {};\n' });
    const evidence = await verify(repo);
    expect(evidence.findings.find((f) => f.gate === 'spec-drift')).toMatchObject({ pre_existing: true, blocking: false });
    expect(evidence.verdict).toBe('CONCERNS');
  });

  it('finds a spec deleted while its lock stays', async () => {
    const r = await lockedRepo();
    r.git('rm', '-q', 'docs/prd.md');
    r.commit('drop the spec');
    const evidence = await verify(r);
    expect(evidence.findings.find((f) => f.gate === 'spec-drift')).toMatchObject({ rule: 'spec-missing', severity: 'high', blocking: true, file: 'docs/prd.md.lock.json' });
  });

  it('is inconclusive, never a pass, when a Loki lock is damaged', async () => {
    const r = await lockedRepo();
    r.commit('break the lock', { 'docs/prd.md.lock.json': '{"kind":"loki-spec-lock","lock_version":1}\n' });
    const evidence = await verify(r);
    expect(gate(evidence)?.status).toBe('inconclusive');
    expect(gate(evidence)?.reason).toContain('damaged');
    expect(evidence.verdict).toBe('CONCERNS');
  });

  it('leaves issue locks to the runner', async () => {
    repo = createTempRepo({ 'src/app.js': 'export {};\n' });
    const spec = normaliseSpec({ source: 'issue', title: 'CSV export', text: 'Export tasks.', ref: 'octo/app#12' });
    await lockSpec(spec, join(repo.dir, '.github/loki-specs/issue-octo-app-12.lock.json'));
    repo.commit('lock issue');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('code', { 'src/app.js': 'export const z = 3;\n' });
    expect(gate(await verify(repo))).toMatchObject({ status: 'skipped', reason: 'no spec lock; 1 issue lock left to the runner' });
  });
});
