import { afterEach, describe, expect, it } from 'vitest';
import { runVerify } from '../../gates/verify/run-verify.js';
import { fakeStripeKey, TempRepo } from '../gates/secrets/temp-repo.js';

/**
 * Attack: plant a live key and, in the same change, tell the scanner to look away — with a
 * `.gitleaks.toml` allowlist, an ignore-file entry or an inline `loki:allow` comment. The policy
 * that judges a change comes from its merge-base, so none of these may turn BLOCKED into VERIFIED.
 */
describe('attack: a change that allows its own secret', () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.remove());

  function changeWith(files: Record<string, string>): TempRepo {
    repo = new TempRepo().init();
    repo.write('src/app.ts', 'export const n = 1;\n').commit('base');
    repo.git('checkout', '-q', '-b', 'change');
    for (const [path, text] of Object.entries(files)) repo.write(path, text);
    repo.commit('the change');
    return repo;
  }

  const key = fakeStripeKey(71);
  const planted = `export const pay = "${key}";\n`;

  it('a .gitleaks.toml that allowlists every path does not hide the key it arrives with', async () => {
    const r = changeWith({ 'src/pay.ts': planted, '.gitleaks.toml': "[allowlist]\npaths = ['''.*''']\n" });
    const evidence = await runVerify({ cwd: r.dir, base: 'main', gates: ['secrets', 'integrity'] });
    expect(evidence.gates.find((g) => g.id === 'secrets')?.status).toBe('fail');
    expect(evidence.verdict).toBe('BLOCKED');
    expect(evidence.findings.some((f) => f.gate === 'integrity' && f.file === '.gitleaks.toml' && f.blocking)).toBe(true);
  });

  it('a .gitleaks.toml that disables the rule does not hide the key', async () => {
    const r = changeWith({ 'src/pay.ts': planted, '.gitleaks.toml': '[extend]\nuseDefault = true\ndisabledRules = ["stripe-secret-key", "generic-api-key"]\n' });
    const evidence = await runVerify({ cwd: r.dir, base: 'main', gates: ['secrets'] });
    expect(evidence.verdict).toBe('BLOCKED');
  });

  it('an inline loki:allow comment added with the key does not hide it', async () => {
    const r = changeWith({ 'src/pay.ts': `export const pay = "${key}"; // loki:allow\n` });
    const evidence = await runVerify({ cwd: r.dir, base: 'main', gates: ['secrets', 'integrity'] });
    expect(evidence.gates.find((g) => g.id === 'secrets')?.status).toBe('fail');
    expect(evidence.verdict).toBe('BLOCKED');
    expect(evidence.findings.some((f) => f.gate === 'integrity' && f.rule === 'new-suppression' && f.file === 'src/pay.ts')).toBe(true);
  });

  it('an inline gitleaks:allow comment added with the key does not hide it', async () => {
    const r = changeWith({ 'src/pay.ts': `export const pay = "${key}"; // gitleaks:allow\n` });
    const evidence = await runVerify({ cwd: r.dir, base: 'main', gates: ['secrets'] });
    expect(evidence.verdict).toBe('BLOCKED');
  });

  it('an ignore-file entry added with the key does not hide it, and is itself a blocking finding', async () => {
    const first = changeWith({ 'src/pay.ts': planted });
    const before = await runVerify({ cwd: first.dir, base: 'main', gates: ['secrets'] });
    const fingerprint = before.findings.find((f) => f.gate === 'secrets')!.id;
    first.write('.lokisecretsignore', `${fingerprint}\n`).commit('ignore it');
    const evidence = await runVerify({ cwd: first.dir, base: 'main', gates: ['secrets', 'integrity'] });
    expect(evidence.gates.find((g) => g.id === 'secrets')?.status).toBe('fail');
    expect(evidence.findings.some((f) => f.gate === 'integrity' && f.file === '.lokisecretsignore' && f.blocking)).toBe(true);
    expect(evidence.verdict).toBe('BLOCKED');
  });

  it('an ignore entry that is already on the base still applies (the policy is the base, not nothing)', async () => {
    const first = changeWith({ 'src/pay.ts': planted });
    const fingerprint = (await runVerify({ cwd: first.dir, base: 'main', gates: ['secrets'] })).findings.find((f) => f.gate === 'secrets')!.id;
    first.git('checkout', '-q', 'main');
    first.write('.lokisecretsignore', `${fingerprint}\n`).commit('maintainer accepts the test key');
    first.git('checkout', '-q', 'change');
    first.git('merge', '-q', '--no-edit', 'main');
    const evidence = await runVerify({ cwd: first.dir, base: 'main', gates: ['secrets'] });
    expect(evidence.gates.find((g) => g.id === 'secrets')?.status).toBe('pass');
  });
});
