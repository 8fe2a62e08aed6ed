import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { formatJson, formatSarif, formatText, scanTexts, scanTree, defaultRuleSources } from '../../../gates/secrets/index.js';
import { fakeGithubToken, fakeStripeKey, TempRepo } from './temp-repo.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.remove()));

function repo(): TempRepo {
  const r = new TempRepo().init();
  repos.push(r);
  return r;
}

describe('suppressions', () => {
  it('honours inline allow comments', async () => {
    const token = fakeGithubToken(1);
    const result = await scanTexts([{ path: 'a.ts', text: `const a = "${token}"; // loki:allow\nconst b = "${fakeGithubToken(2)}"; # gitleaks:allow\nconst c = "${fakeGithubToken(3)}";\n` }]);
    expect(result.findings.map((f) => f.line)).toEqual([3]);
    expect(result.suppressed.map((f) => [f.line, f.suppressedBy])).toEqual([[1, 'inline-comment'], [2, 'inline-comment']]);
  });

  it('honours fingerprints in .lokisecretsignore and gitleaks-style entries in .gitleaksignore', async () => {
    const r = repo();
    const text = `one = "${fakeGithubToken(4)}"\ntwo = "${fakeStripeKey(5)}"\nthree = "${fakeGithubToken(6)}"\n`;
    const first = await scanTexts([{ path: 'src/keys.py', text }]);
    expect(first.findings).toHaveLength(3);
    r.write('.lokisecretsignore', `# reviewed: test fixture\n${first.findings[0]!.fingerprint}\n`);
    r.write('.gitleaksignore', `0123456789abcdef0123456789abcdef01234567:src/keys.py:stripe-secret-key:2\n`);
    const second = await scanTexts([{ path: 'src/keys.py', text }], { cwd: r.dir, config: defaultConfig().secrets });
    expect(second.findings.map((f) => f.line)).toEqual([3]);
    expect(second.suppressed.map((f) => f.suppressedBy)).toEqual(['ignore-file', 'ignore-file']);
  });

  it('keeps fingerprints stable when lines move, and distinct per secret', async () => {
    const token = fakeGithubToken(7);
    const a = await scanTexts([{ path: 'x.js', text: `t = "${token}"\n` }]);
    const b = await scanTexts([{ path: 'x.js', text: `\n\n// moved\n    t = "${token}"\n` }]);
    const c = await scanTexts([{ path: 'x.js', text: `t = "${fakeGithubToken(8)}"\n` }]);
    expect(a.findings[0]!.fingerprint).toBe(b.findings[0]!.fingerprint);
    expect(b.findings[0]!.line).toBe(4);
    expect(c.findings[0]!.fingerprint).not.toBe(a.findings[0]!.fingerprint);
  });

  it('applies allow_paths globs and allow_regexes from the config', async () => {
    const r = repo();
    const config = defaultConfig().secrets;
    const text = `k = "${fakeGithubToken(9)}"\n`;
    const files = [
      { path: 'fixtures/keys.ts', text },
      { path: 'src/ok.ts', text: `k = "${fakeStripeKey(10)}"\n` },
      { path: 'src/live.ts', text: `k = "${fakeGithubToken(11)}"\n` },
    ];
    const result = await scanTexts(files, { cwd: r.dir, config: { ...config, allow_paths: ['fixtures/**'], allow_regexes: ['^sk_live_'] } });
    expect(result.findings.map((f) => f.file)).toEqual(['src/live.ts']);
    expect(result.stats.skipped['allow-path']).toBe(1);
    expect(result.suppressed.map((f) => f.suppressedBy)).toEqual(['allow-regex']);
  });

  it('rejects an invalid allow regex with a fix', async () => {
    await expect(scanTexts([], { cwd: '.', config: { ...defaultConfig().secrets, allow_regexes: ['(unclosed'] } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      fix: expect.stringContaining('secrets.allow_regexes'),
    });
  });

  it('skips lock files, vendored, binary and oversized files by default, and scans them when told to', async () => {
    const r = repo();
    const secret = `t = "${fakeGithubToken(12)}"\n`;
    r.write('package-lock.json', secret).write('node_modules/x/index.js', secret).write('big.txt', secret + 'x'.repeat(3000)).write('img.png', secret);
    r.write('blob.dat', Buffer.concat([Buffer.from(secret), Buffer.from([0, 1, 2])]).toString('latin1'));
    const defaults = { ...defaultConfig().secrets, max_file_bytes: 1000 };
    const skipped = await scanTree(r.dir, { config: defaults, paths: ['.'], workers: 0 });
    expect(skipped.findings).toEqual([]);
    expect(skipped.stats.skipped).toMatchObject({ lockfile: 1, 'too-large': 1, binary: 2 });
    const all = await scanTree(r.dir, { config: { ...defaults, skip_lockfiles: false, skip_vendored: false, max_file_bytes: 10_000 }, paths: ['.'], workers: 0 });
    expect(all.findings.map((f) => f.file).sort()).toEqual(['big.txt', 'node_modules/x/index.js', 'package-lock.json']);
  });
});

describe('output never holds a secret', () => {
  it('redacts in findings, text, JSON and SARIF', async () => {
    const token = fakeGithubToken(13);
    const stripe = fakeStripeKey(14);
    const result = await scanTexts([{ path: 'app/settings.py', text: `GITHUB = "${token}"\nclient_secret = "${stripe}"\n` }]);
    expect(result.findings).toHaveLength(2);
    const outputs = [JSON.stringify(result), formatText(result), formatJson(result), JSON.stringify(formatSarif(result, defaultRuleSources(), '0.0.0'))];
    for (const out of outputs) {
      expect(out).not.toContain(token);
      expect(out).not.toContain(token.slice(4, 20));
      expect(out).not.toContain(stripe.slice(8, 24));
    }
    expect(result.findings[0]!.redacted).toBe('ghp_********');
  });

  it('writes SARIF 2.1.0 with rules, locations and partial fingerprints', async () => {
    const result = await scanTexts([{ path: 'a/b.ts', text: `\n  x = "${fakeGithubToken(15)}"\n` }]);
    const sarif = formatSarif(result, defaultRuleSources(), '1.2.3') as { version: string; runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<Record<string, unknown>> }> };
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['github-pat']);
    expect(run.results[0]).toMatchObject({
      ruleId: 'github-pat',
      ruleIndex: 0,
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'a/b.ts' }, region: { startLine: 2, startColumn: 8 } } }],
      partialFingerprints: { 'lokiSecret/v1': result.findings[0]!.fingerprint },
    });
  });
});
