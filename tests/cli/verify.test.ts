import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EvidenceSchema } from '../../gates/evidence/schema.js';
import { runCli } from '../support/run-cli.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.remove());

function featureRepo(): TempRepo {
  repo = createTempRepo({ 'notes.txt': 'one\n', '.gitignore': '.loki/\n' });
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit('edit', { 'notes.txt': 'one\ntwo\n' });
  return repo;
}

describe('loki verify', () => {
  it('prints one JSON document on stdout with --json, and writes the three outputs', () => {
    const r = featureRepo();
    const run = runCli(['verify', '--base', 'main', '--gates', 'diff', '--json'], { cwd: r.dir });
    const evidence = EvidenceSchema.parse(JSON.parse(run.stdout));
    expect(evidence.subject.head_sha).toBe(r.git('rev-parse', 'HEAD').trim());
    expect(run.code).toBe(evidence.exit_code);
    for (const file of ['evidence.json', 'report.md', 'results.sarif']) expect(existsSync(join(r.dir, '.loki/verify', file))).toBe(true);
    expect(JSON.parse(readFileSync(join(r.dir, '.loki/verify/evidence.json'), 'utf8'))).toEqual(evidence);
  });

  it('exits 1 (CONCERNS) on an empty diff', () => {
    repo = createTempRepo();
    const run = runCli(['verify', '--base', 'main', '--gates', 'diff'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('CONCERNS: the change is empty');
    expect(run.stdout).toBe('');
  });

  it('exits 3 (ERROR) with the fix when the base is missing, and writes ERROR evidence', () => {
    const r = featureRepo();
    const run = runCli(['verify', '--base', 'develop', '--out', 'out'], { cwd: r.dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Fix: fetch it (git fetch origin develop)');
    expect(JSON.parse(readFileSync(join(r.dir, 'out/evidence.json'), 'utf8')).verdict).toBe('ERROR');
  });

  it('says the evidence folder cannot be written, with the fix and no stack trace, before running any gate', () => {
    const r = featureRepo();
    // A path under a file can never be a folder, whoever runs the test (root ignores modes).
    const run = runCli(['verify', '--base', 'main', '--out', 'notes.txt/evidence'], { cwd: r.dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/cannot write the evidence to \S*notes\.txt\/evidence \(ENOTDIR/);
    expect(run.stderr).toContain('Fix: pass --out with a folder you can write');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain('internal error');
  });

  it('names the owner of a repository that git refuses (dubious ownership) and how to trust it', () => {
    const r = featureRepo();
    const run = runCli(['verify', '--base', 'main', '--gates', 'diff'], { cwd: r.dir, env: { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/is a git repository owned by uid \d+, not by the user running Loki/);
    expect(run.stderr).toContain('git config --global --add safe.directory');
    expect(run.stderr).not.toContain('not inside a git repository');
  });

  it('rejects unknown flags and gate ids with a usage error that names them', () => {
    const r = featureRepo();
    const flag = runCli(['verify', '--bsae', 'main'], { cwd: r.dir });
    expect(flag.code).toBe(3);
    expect(flag.stderr).toContain("Unknown option '--bsae'");
    const gate = runCli(['verify', '--gates', 'diff,lint'], { cwd: r.dir });
    expect(gate.code).toBe(3);
    expect(gate.stderr).toContain('--gates: unknown value "lint"');
    // The model-backed review gate exists only inside a build; asking verify for it is an error, not a silent no-op.
    const review = runCli(['verify', '--gates', 'diff,review'], { cwd: r.dir });
    expect(review.code).toBe(3);
    expect(review.stderr).toContain('review runs only in loki build');
  });

  it('--check says fresh for evidence of HEAD, stale after a new commit', () => {
    const r = featureRepo();
    runCli(['verify', '--base', 'main', '--gates', 'diff'], { cwd: r.dir });
    const evidence = join(r.dir, '.loki/verify/evidence.json');
    expect(runCli(['verify', '--check', evidence], { cwd: r.dir }).code).toBe(0);
    r.commit('more', { 'notes.txt': 'one\ntwo\nthree\n' });
    const stale = runCli(['verify', '--check', evidence, '--json'], { cwd: r.dir });
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stdout).fresh).toBe(false);
  });
});

describe('loki', () => {
  it('prints its version and help, and names an unknown command', () => {
    const cwd = process.cwd();
    expect(runCli(['--version'], { cwd }).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(runCli(['--help'], { cwd }).stdout).toContain('Usage: loki <command>');
    const unknown = runCli(['frobnicate'], { cwd });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });
});

describe('loki verify: failures you can read', () => {
  it('a failing test: its finding carries expected, actual and file:line; each gate has its full log in logs/<gate>.log, linked from report.md', () => {
    repo = createTempRepo({
      'package.json': '{"name":"calc","version":"1.0.0","type":"module","scripts":{"test":"node --test"}}\n',
      'src/math.js': 'export const add = (a, b) => a + b;\n',
      '.gitignore': '.loki/\n',
    });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('multiply, wrongly', {
      'src/math.js': 'export const add = (a, b) => a + b;\nexport const multiply = (a, b) => a + b;\n',
      'test/multiply.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { multiply } from '../src/math.js';\n\ntest('multiplies', () => {\n  assert.equal(multiply(4, 5), 20);\n});\n",
    });
    const run = runCli(['verify', '--base', 'main', '--gates', 'diff,tests', '--json'], { cwd: repo.dir });
    const evidence = EvidenceSchema.parse(JSON.parse(run.stdout));
    const failed = evidence.findings.find((f) => f.rule === 'test-failed');
    expect(failed).toMatchObject({ file: 'test/multiply.test.js', line: 6 });
    expect(failed?.message).toMatch(/multiplies — Expected values to be strictly equal: \(expected 20, actual 9 at test\/multiply\.test\.js:6\)/);

    const log = readFileSync(join(repo.dir, '.loki/verify/logs/tests.log'), 'utf8');
    expect(log).toMatch(/^# loki gate tests: fail/);
    expect(log).toMatch(/\$ npm run test/);
    expect(log).toMatch(/9 !== 20/); // the test runner's own output, in full
    expect(existsSync(join(repo.dir, '.loki/verify/logs/diff.log'))).toBe(true);
    const report = readFileSync(join(repo.dir, '.loki/verify/report.md'), 'utf8');
    expect(report).toContain('[full log](logs/tests.log)');
    expect(report).toContain('[full log](logs/diff.log)');
  });
});
