import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretsGate } from '../../../gates/checks/secrets.js';
import { scanAddedLines } from '../../../gates/secrets/index.js';
import type { GateContext } from '../../../gates/verify/gate.js';
import { runVerify } from '../../../gates/verify/run-verify.js';
import { fakeGithubToken, fakePem, fakeStripeKey, TempRepo } from '../secrets/temp-repo.js';
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

describe('secrets gate: test data is judged, not ignored', () => {
  const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = (claims: unknown) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}.Zk3vQ9pLm2Xt7Rw1Yc8Bn4Hd6Fj0Ks5Ga3Pe9Ui2Oq`;
  const generic = 'client_secret = "q7Xk2Lm9Pz4Rt8Wv1Yb6Nc3Hd5Fg0Js"';

  async function judge(files: Record<string, string>) {
    const repo = new TempRepo().init();
    try {
      repo.write('README.md', '# x\n').commit('base');
      repo.git('checkout', '-q', '-b', 'change');
      for (const [path, text] of Object.entries(files)) repo.write(path, text);
      repo.commit('change');
      const outcome = await secretsGate.run(await context(repo));
      const evidence = await runVerify({ cwd: repo.dir, base: 'main', gates: ['secrets'] });
      return { outcome, evidence };
    } finally {
      repo.remove();
    }
  }

  it('a generic secret and a private key in test fixtures: medium with the reason, CONCERNS, counted like the rest', async () => {
    const { outcome, evidence } = await judge({ 'test/fixtures/app.env': `${generic}\n`, 'spec/__fixtures__/server.key': fakePem(61) });
    expect(outcome.findings!.map((f) => f.severity)).toEqual(['medium', 'medium']);
    expect(outcome.findings![0]!.message).toContain('test data (');
    expect(outcome.counts).toMatchObject({ findings: 2 });
    expect(outcome.reason).toMatch(/2 secrets in added lines \(all are test data, reported as medium\)/);
    expect(evidence.verdict).toBe('CONCERNS');
    expect(evidence.findings.filter((f) => f.gate === 'secrets')).toHaveLength(2);
  });

  it('a provider token in a test fixture still blocks: a live one is live wherever it sits', async () => {
    const { outcome, evidence } = await judge({ 'test/fixtures/github.json': `{ "token": "${fakeGithubToken(62)}" }\n` });
    expect(outcome.findings!.map((f) => [f.rule, f.severity])).toEqual([['github-pat', 'critical']]);
    expect(evidence.verdict).toBe('BLOCKED');
  });

  it('the same generic secret in the code under test blocks', async () => {
    const { outcome, evidence } = await judge({ 'src/config.py': `${generic}\n` });
    expect(outcome.findings!.map((f) => f.severity)).toEqual(['critical']);
    expect(evidence.verdict).toBe('BLOCKED');
  });

  it('a JWT with an empty or sample payload is medium anywhere; one that names a real subject blocks', async () => {
    const sample = await judge({ 'src/auth.ts': `const a = "${jwt({})}";\nconst b = "${jwt({ sub: 'test-user', email: 'qa@example.com' })}";\n` });
    expect(sample.outcome.findings!.map((f) => f.severity)).toEqual(['medium', 'medium']);
    expect(sample.outcome.findings![0]!.message).toContain('a JWT with an empty payload');
    expect(sample.outcome.findings![1]!.message).toContain('names a sample user');
    const real = await judge({ 'src/auth.ts': `const a = "${jwt({ sub: 'svc-billing-prod', scope: 'payments:write' })}";\n` });
    expect(real.outcome.findings!.map((f) => f.severity)).toEqual(['critical']);
    expect(real.evidence.verdict).toBe('BLOCKED');
  });
});
