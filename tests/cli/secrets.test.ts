import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { fakeGithubToken, fakeStripeKey, TempRepo } from '../gates/secrets/temp-repo.js';

describe('loki secrets', () => {
  const repo = new TempRepo().init();
  const token = fakeGithubToken(61);
  const stripe = fakeStripeKey(62);

  beforeAll(() => {
    for (let i = 0; i < 330; i++) repo.write(`lib/part${i}.js`, `module.exports = ${i};\n`);
    repo.write('lib/auth.js', `const token = "${token}";\n`).commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('lib/pay.js', `const a = 1;\nconst key = "${stripe}";\n`).commit('feature');
  });
  afterAll(() => repo.remove());

  it('prints one JSON document on stdout with --json, exits 1 and never prints a secret', () => {
    const run = runCli(['secrets', '--json'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { schema_version: number; mode: string; findings: Array<{ file: string; line: number; ruleId: string }>; stats: { filesScanned: number; workers: number } };
    expect(doc.schema_version).toBe(1);
    expect(doc.mode).toBe('tree');
    expect(doc.findings.map((f) => [f.file, f.line, f.ruleId])).toEqual([
      ['lib/auth.js', 1, 'github-pat'],
      ['lib/pay.js', 2, 'stripe-secret-key'],
    ]);
    // The bundled CLI runs its worker from the bundle's own chunk.
    expect(doc.stats.workers).toBeGreaterThan(0);
    expect(doc.stats.filesScanned).toBe(332);
    for (const out of [run.stdout, run.stderr]) {
      expect(out).not.toContain(token.slice(4));
      expect(out).not.toContain(stripe.slice(8));
    }
  });

  it('scans only lines added since --base and writes text to stderr', () => {
    const run = runCli(['secrets', '--base', 'main'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/lib\/pay\.js:2:\d+\s+stripe-secret-key/);
    expect(run.stderr).not.toMatch(/auth\.js/);
    expect(run.stderr).toMatch(/1 secret found in lines added since main/);
  });

  it('prints SARIF with --format sarif', () => {
    const run = runCli(['secrets', 'lib/auth.js', '--format', 'sarif'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout) as { version: string; runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toEqual(['github-pat']);
  });

  it('exits 0 when nothing is found, and honours the ignore file', () => {
    expect(runCli(['secrets', 'lib/part1.js'], { cwd: repo.dir }).code).toBe(0);
    const first = JSON.parse(runCli(['secrets', '--base', 'main', '--json'], { cwd: repo.dir }).stdout) as { findings: Array<{ fingerprint: string }> };
    repo.write('.lokisecretsignore', `${first.findings[0]!.fingerprint}\n`);
    const run = runCli(['secrets', '--base', 'main', '--json'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { suppressed: unknown[] }).suppressed).toHaveLength(1);
  });

  it('scans a directory that is not a git repository', () => {
    const plain = new TempRepo();
    try {
      plain.write('conf/app.env', `GITHUB_TOKEN=${fakeGithubToken(63)}\n`).write('README.md', 'hello\n');
      const run = runCli(['secrets', '--json'], { cwd: plain.dir });
      expect(run.code).toBe(1);
      const doc = JSON.parse(run.stdout) as { findings: Array<{ file: string; ruleId: string }>; stats: { filesScanned: number } };
      expect(doc.findings.map((f) => [f.file, f.ruleId])).toEqual([['conf/app.env', 'github-pat']]);
      expect(doc.stats.filesScanned).toBe(2);
    } finally {
      plain.remove();
    }
  });

  it('exits 3 with the problem and the fix on bad usage or a bad config', () => {
    const usage = runCli(['secrets', '--format', 'xml'], { cwd: repo.dir });
    expect(usage.code).toBe(3);
    expect(usage.stderr).toMatch(/--format must be one of text, json, sarif[\s\S]*Fix:/);
    repo.write('bad.yml', 'secrets:\n  allow_regexes: ["(open"]\n');
    const config = runCli(['secrets', '--config', 'bad.yml', '--json'], { cwd: repo.dir });
    expect(config.code).toBe(3);
    expect(config.stdout).toBe('');
    expect(config.stderr).toMatch(/invalid regex[\s\S]*Fix:/);
    const base = runCli(['secrets', '--base', 'nope'], { cwd: repo.dir });
    expect(base.code).toBe(3);
    expect(base.stderr).toMatch(/Fix:/);
  });
});
