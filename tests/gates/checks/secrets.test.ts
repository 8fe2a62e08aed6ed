import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretsGate } from '../../../gates/checks/secrets.js';
import { scanAddedLines } from '../../../gates/secrets/index.js';
import type { GateContext } from '../../../gates/verify/gate.js';
import { runVerify } from '../../../gates/verify/run-verify.js';
import { fakeGithubToken, fakeStripeKey, TempRepo } from '../secrets/temp-repo.js';
import { gateContext } from '../../support/gate-context.js';

function context(repo: TempRepo): Promise<GateContext> {
  return gateContext(repo.dir);
}

describe('secrets gate', () => {
  const repo = new TempRepo().init();
  const old = fakeGithubToken(51);
  const added = fakeStripeKey(52);

  beforeAll(() => {
    repo.write('src/settings.ts', `export const legacy = "${old}";\n`).commit('base');
    repo.git('checkout', '-q', '-b', 'change');
    repo.write('src/settings.ts', `export const legacy = "${old}";\nexport const pay = "${added}";\n`);
    repo.write('src/clean.ts', 'export const n = 1;\n');
    repo.commit('add key');
  });
  afterAll(() => repo.remove());

  it('fails on a secret in an added line with a critical, redacted finding keyed by the secret digest', async () => {
    const outcome = await secretsGate.run(await context(repo));
    expect(outcome.status).toBe('fail');
    expect(outcome.counts).toEqual({ files: 2, findings: 1 });
    expect(outcome.findings).toHaveLength(1);
    const finding = outcome.findings![0]!;
    expect(finding).toMatchObject({ rule: 'stripe-secret-key', severity: 'critical', file: 'src/settings.ts', line: 2 });
    expect(finding.key).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(outcome)).not.toContain(added.slice(8));
    expect(JSON.stringify(outcome)).not.toContain(old.slice(4));
  });

  it('does not honour a loki:allow comment that the change itself adds (its suppressions are not its policy)', async () => {
    repo.write('src/settings.ts', `export const legacy = "${old}";\nexport const pay = "${added}"; // loki:allow test key\n`).commit('allow');
    try {
      const outcome = await secretsGate.run(await context(repo));
      expect(outcome.status).toBe('fail');
      expect(outcome.findings).toHaveLength(1);
    } finally {
      repo.write('src/settings.ts', `export const legacy = "${old}";\nexport const pay = "${added}";\n`).commit('undo allow');
    }
  });

  it('gives the evidence finding the same id that loki secrets prints', async () => {
    const evidence = await runVerify({ cwd: repo.dir, base: 'main', gates: ['secrets'] });
    const gate = evidence.gates.find((g) => g.id === 'secrets');
    expect(gate?.status).toBe('fail');
    expect(evidence.verdict).toBe('BLOCKED');
    const scanned = await scanAddedLines(repo.dir, 'main');
    expect(evidence.findings.map((f) => f.id)).toEqual(scanned.findings.map((f) => f.fingerprint));
    expect(JSON.stringify(evidence)).not.toContain(added.slice(8));
  });
});
