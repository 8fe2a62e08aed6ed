import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../gates/config/schema.js';
import { lockSpec, normaliseSpec } from '../../gates/spec/index.js';
import { runVerify } from '../../gates/verify/run-verify.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

/**
 * Attack: change the spec and make the lock agree, in the same change — re-lock it, edit it by
 * hand, or delete it — so spec-drift finds nothing to compare. A spec change is for a person to
 * accept: the change does not accept itself.
 */
const PRD = '# Shop\n\n## Cart\nUsers add items to a cart.\n\n## Checkout\nUsers pay by card.\n\n## Refunds\nWithin 14 days.\n';

let repo: TempRepo | undefined;
afterEach(() => repo?.remove());

async function relock(r: TempRepo, specPath = 'docs/prd.md'): Promise<void> {
  const abs = join(r.dir, specPath);
  await lockSpec(normaliseSpec({ source: 'file', text: readFileSync(abs, 'utf8'), path: abs, ref: specPath }), `${abs}.lock.json`, abs);
}

async function lockedRepo(): Promise<TempRepo> {
  repo = createTempRepo({ 'docs/prd.md': PRD, 'src/app.js': 'export {};\n' });
  await relock(repo);
  repo.commit('lock the spec');
  repo.git('checkout', '-q', '-b', 'change');
  return repo;
}

const verify = (r: TempRepo) => runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'spec-drift'], config: defaultConfig() });

describe('attack: the change rewrites the spec lock that judges it', () => {
  it('re-locking an edited spec is a finding naming the requirements it changes, never VERIFIED', async () => {
    const r = await lockedRepo();
    r.write({ 'docs/prd.md': PRD.replace('Users pay by card.', 'Users pay later.').replace('## Refunds\nWithin 14 days.\n', '') });
    await relock(r);
    r.commit('drop refunds, pay later');
    const evidence = await verify(r);
    expect(evidence.verdict).not.toBe('VERIFIED');
    const finding = evidence.findings.find((f) => f.rule === 'spec-lock-changed');
    expect(finding).toMatchObject({ gate: 'spec-drift', file: 'docs/prd.md.lock.json', severity: 'medium', blocking: false });
    expect(finding?.message).toMatch(/changed: checkout/);
    expect(finding?.message).toMatch(/removed: refunds/);
    expect(evidence.gates.find((g) => g.id === 'spec-drift')?.status).toBe('fail');
  });

  it('editing the lock by hand is the same finding', async () => {
    const r = await lockedRepo();
    const path = join(r.dir, 'docs/prd.md.lock.json');
    const lock = JSON.parse(readFileSync(path, 'utf8')) as { requirements: Array<{ id: string }>; spec: { hash: string } };
    r.commit('trim the lock', { 'docs/prd.md': PRD.replace('## Refunds\nWithin 14 days.\n', ''), 'docs/prd.md.lock.json': `${JSON.stringify({ ...lock, requirements: lock.requirements.filter((q) => q.id !== 'refunds') }, null, 2)}\n` });
    const evidence = await verify(r);
    expect(evidence.verdict).not.toBe('VERIFIED');
    expect(evidence.findings.find((f) => f.rule === 'spec-lock-changed')?.message).toMatch(/removed: refunds/);
  });

  it('deleting the lock is a finding naming the requirements that are no longer checked', async () => {
    const r = await lockedRepo();
    r.commit('no more lock', { 'docs/prd.md': 'Anything goes.\n', 'docs/prd.md.lock.json': null });
    const evidence = await verify(r);
    expect(evidence.verdict).not.toBe('VERIFIED');
    const finding = evidence.findings.find((f) => f.rule === 'spec-lock-removed');
    expect(finding).toMatchObject({ gate: 'spec-drift', file: 'docs/prd.md.lock.json', severity: 'medium' });
    expect(finding?.message).toMatch(/cart, checkout, refunds/);
  });

  it('a change that leaves the lock alone is judged by it as before', async () => {
    const r = await lockedRepo();
    r.commit('code', { 'src/app.js': 'export const x = 1;\n' });
    const evidence = await verify(r);
    expect(evidence.findings).toEqual([]);
    expect(evidence.verdict).toBe('VERIFIED');
  });
});
