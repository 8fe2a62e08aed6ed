import { join, relative } from 'node:path';
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
    const doc = JSON.parse(run.stdout) as { schema_version: number; mode: string; findings: Array<{ file: string; line: number; rule_id: string }>; stats: { files_scanned: number; workers: number } };
    expect(doc.schema_version).toBe(2);
    expect(doc.mode).toBe('tree');
    expect(doc.findings.map((f) => [f.file, f.line, f.rule_id])).toEqual([
      ['lib/auth.js', 1, 'github-pat'],
      ['lib/pay.js', 2, 'stripe-secret-key'],
    ]);
    // The bundled CLI runs its worker from the bundle's own chunk.
    expect(doc.stats.workers).toBeGreaterThan(0);
    expect(doc.stats.files_scanned).toBe(332);
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
      const doc = JSON.parse(run.stdout) as { findings: Array<{ file: string; rule_id: string }>; stats: { files_scanned: number } };
      expect(doc.findings.map((f) => [f.file, f.rule_id])).toEqual([['conf/app.env', 'github-pat']]);
      expect(doc.stats.files_scanned).toBe(2);
    } finally {
      plain.remove();
    }
  });

  it('scans a folder or a file outside the repository, naming findings by the path as given', () => {
    const outside = new TempRepo();
    try {
      const key = fakeGithubToken(64);
      outside.write('dump/conf/app.env', `GITHUB_TOKEN=${key}\n`).write('dump/notes.txt', 'nothing here\n').write('single.py', `key = "${fakeStripeKey(65)}"\n`);
      // Absolute, from inside another repository (it exited 3 "outside the repository" before).
      const absolute = runCli(['secrets', '--json', join(outside.dir, 'dump')], { cwd: repo.dir });
      expect(absolute.code).toBe(1);
      const doc = JSON.parse(absolute.stdout) as { findings: Array<{ file: string; rule_id: string }>; stats: { files_scanned: number } };
      expect(doc.findings.map((f) => [f.file, f.rule_id])).toEqual([[`${join(outside.dir, 'dump')}/conf/app.env`, 'github-pat']]);
      expect(doc.stats.files_scanned).toBe(2);
      // Relative to the current directory, with a trailing slash, and a single file.
      const rel = relative(join(repo.dir, 'lib'), outside.dir);
      const relative_ = runCli(['secrets', '--json', `${rel}/dump/`, `${rel}/single.py`], { cwd: join(repo.dir, 'lib') });
      expect(relative_.code).toBe(1);
      const found = (JSON.parse(relative_.stdout) as { findings: Array<{ file: string; rule_id: string }> }).findings.map((f) => [f.file, f.rule_id]);
      expect(found).toEqual([[`${rel}/dump/conf/app.env`, 'github-pat'], [`${rel}/single.py`, 'stripe-secret-key']]);
      expect(relative_.stdout).not.toContain(key.slice(4));
      // Inside the repository, from a subdirectory, paths stay root-relative (fingerprints match the ignore file).
      const inside = runCli(['secrets', '--json', 'auth.js'], { cwd: join(repo.dir, 'lib') });
      expect((JSON.parse(inside.stdout) as { findings: Array<{ file: string }> }).findings.map((f) => f.file)).toEqual(['lib/auth.js']);
      // Diff mode is about the repository's change: an outside path is a usage error with the fix.
      const diff = runCli(['secrets', '--base', 'main', join(outside.dir, 'dump')], { cwd: repo.dir });
      expect(diff.code).toBe(3);
      expect(diff.stderr).toMatch(/outside it[\s\S]*Fix: drop --base/);
      const missing = runCli(['secrets', join(outside.dir, 'nope')], { cwd: repo.dir });
      expect(missing.code).toBe(3);
      expect(missing.stderr).toMatch(/does not exist[\s\S]*Fix:/);
    } finally {
      outside.remove();
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
