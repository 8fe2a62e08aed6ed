import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubStandIn, type GitHubStandIn, type RecordedRequest } from '../support/github-stand-in.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';
import { pullRequestEvent, runActionBundle, type BundleRun } from './run-action-bundle.js';
import { loopbackOnly } from '../support/loopback-only.js';

/**
 * The built bundle, run as the Actions runner runs it, against a local stand-in for the GitHub
 * API. Findings come from the real integrity gate on a real diff: a new `.skip` in a test file is
 * high (blocking), a new `eslint-disable` is medium (non-blocking).
 */

const TOKEN = 'ghs_teststandintoken000000000000000000';
const CHECK_RUN_ID = 77;

let gh: GitHubStandIn;
const repos: TempRepo[] = [];

loopbackOnly();
beforeEach(async () => {
  gh = await startGitHubStandIn();
  gh.on('POST', '/repos/octo/demo/check-runs', { status: 201, body: { id: CHECK_RUN_ID, name: 'Loki Verify' } });
  gh.on('PATCH', `/repos/octo/demo/check-runs/${CHECK_RUN_ID}`, { status: 200, body: { id: CHECK_RUN_ID } });
});
afterEach(async () => {
  await gh.close();
  for (const repo of repos.splice(0)) repo.remove();
});

interface PullRequest {
  repo: TempRepo;
  baseSha: string;
  headSha: string;
}

/** A repository with `main` and a checked-out `feature` branch that adds `files`. */
function pullRequest(files: Record<string, string>, baseFiles: Record<string, string> = {}): PullRequest {
  const repo = createTempRepo({ 'README.md': '# demo\n', 'src/app.js': 'export const x = 1;\n', 'test/app.test.js': "import { it } from 'node:test';\n", ...baseFiles });
  repos.push(repo);
  const baseSha = repo.git('rev-parse', 'HEAD').trim();
  repo.git('checkout', '-q', '-b', 'feature');
  const headSha = repo.commit('the change', files);
  return { repo, baseSha, headSha };
}

function run(pr: PullRequest, inputs: Record<string, string>, headRepository?: string, env?: Record<string, string>): Promise<BundleRun> {
  const event = pullRequestEvent({
    number: 12, baseRef: 'main', baseSha: pr.baseSha, headRef: 'feature', headSha: pr.headSha,
    ...(headRepository ? { headRepository } : {}),
  });
  return runActionBundle({ workspace: pr.repo.dir, event, apiUrl: gh.url, inputs: { gates: 'diff,secrets,integrity', token: TOKEN, ...inputs }, ...(env ? { env } : {}) });
}

/** A GitHub token shape, built at run time so no secret-looking literal sits in this file. */
function plantedToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return ['gh', 'p_', Array.from(randomBytes(36), (b) => alphabet[b % alphabet.length]).join('')].join('');
}

const skippedTests = (n: number) =>
  "import { it } from 'node:test';\n" + Array.from({ length: n }, (_, i) => `it.skip('case ${i + 1}', () => {});`).join('\n') + '\n';

type Body = { status?: string; conclusion?: string; head_sha?: string; name?: string; details_url?: string; output?: { title: string; summary: string; annotations?: Array<{ path: string; start_line: number; annotation_level: string }> } };
const bodyOf = (r: RecordedRequest) => r.body as Body;
const patches = () => gh.find('PATCH', `/repos/octo/demo/check-runs/${CHECK_RUN_ID}`).map(bodyOf);

function expectOutputs(result: BundleRun, verdict: string, exitCode: number): void {
  expect(result.outputs.verdict).toBe(verdict);
  expect(result.outputs['exit-code']).toBe(String(exitCode));
  const evidence = JSON.parse(readFileSync(result.outputs['evidence-path']!, 'utf8')) as { verdict: string; subject: { pr: number; repo: string } };
  expect(evidence.verdict).toBe(verdict);
  expect(evidence.subject).toMatchObject({ pr: 12, repo: 'octo/demo' });
  expect(existsSync(result.outputs['sarif-path']!)).toBe(true);
  expect(JSON.parse(readFileSync(result.outputs['sarif-path']!, 'utf8'))).toMatchObject({ version: '2.1.0' });
}

describe('the Action bundle with a token that can write checks', () => {
  it('VERIFIED: opens Loki Verify on the PR head, completes it as success, exits 0', async () => {
    const pr = pullRequest({ 'src/app.js': 'export const x = 2;\nexport const y = 3;\n' });
    const result = await run(pr, {});

    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expectOutputs(result, 'VERIFIED', 0);
    const created = gh.find('POST', '/repos/octo/demo/check-runs');
    expect(created).toHaveLength(1);
    expect(bodyOf(created[0]!)).toMatchObject({ name: 'Loki Verify', head_sha: pr.headSha, status: 'in_progress', details_url: 'https://github.example/octo/demo/actions/runs/4242' });
    expect(created[0]!.headers.authorization).toContain(TOKEN);
    const [done, ...extra] = patches();
    expect(extra).toHaveLength(0);
    expect(done).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(done!.output!.title).toMatch(/^VERIFIED: /);
    expect(done!.output!.summary).toContain('Loki Verify: VERIFIED');
    expect(gh.requests.indexOf(created[0]!)).toBe(0);
    expect(result.summary).toContain('## ✅ Loki Verify: VERIFIED');
    expect(result.summary).not.toContain('No `Loki Verify` check run');
    expect(readFileSync(result.outputs['evidence-path']!, 'utf8')).not.toContain(TOKEN);
  });

  it('CONCERNS: action_required (never neutral) with a warning annotation; fails the step only when fail-on says so', async () => {
    const pr = pullRequest({ 'src/app.js': 'export const x = 2; // eslint-disable-line\n' });
    const lenient = await run(pr, {});

    expect(lenient.exitCode, lenient.stdout + lenient.stderr).toBe(0);
    expectOutputs(lenient, 'CONCERNS', 1);
    const [done] = patches();
    expect(done).toMatchObject({ status: 'completed', conclusion: 'action_required' });
    expect(done!.output!.annotations).toEqual([expect.objectContaining({ path: 'src/app.js', start_line: 1, annotation_level: 'warning' })]);
    expect(lenient.summary).toContain('Loki Verify: CONCERNS');

    const strict = await run(pr, { 'fail-on': 'BLOCKED,CONCERNS' });
    expect(strict.exitCode).toBe(1);
    expect(strict.outputs.verdict).toBe('CONCERNS');
    expect(strict.stdout).toMatch(/::error::Loki Verify: CONCERNS/);
  });

  it('BLOCKED with 60 findings: annotations in PATCHes of at most 50, the conclusion last, exit code 2', async () => {
    const pr = pullRequest({ 'test/app.test.js': skippedTests(60) });
    const result = await run(pr, {});

    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expectOutputs(result, 'BLOCKED', 2);
    const sent = patches();
    expect(sent).toHaveLength(2);
    expect(sent.map((p) => p.output?.annotations?.length)).toEqual([50, 10]);
    expect(sent[0]).not.toHaveProperty('conclusion');
    expect(sent[1]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(sent[1]!.output!.title).toMatch(/^BLOCKED: 60 blocking findings/);
    const annotations = sent.flatMap((p) => p.output!.annotations!);
    expect(new Set(annotations.map((a) => a.start_line)).size).toBe(60);
    expect(annotations.every((a) => a.path === 'test/app.test.js' && a.annotation_level === 'failure' && a.start_line >= 2 && a.start_line <= 61)).toBe(true);
    expect(result.summary).toContain('Loki Verify: BLOCKED');
    expect(result.stdout).not.toMatch(/^::error .*file=/m);
  });
  it('a failing test: the step log prints its message with expected, actual and file:line, and names the full log', async () => {
    const pr = pullRequest({
      'package.json': '{"name":"demo","version":"1.0.0","type":"module","scripts":{"test":"node --test"}}\n',
      'test/multiply.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n\ntest('multiplies', () => {\n  assert.equal(4 + 5, 20);\n});\n",
    });
    const result = await run(pr, { gates: 'diff,tests' });
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toMatch(/^::group::Loki: 1 failing test$/m);
    expect(result.stdout).toMatch(/^✗ test\/multiply\.test\.js:5: test failed: test\/multiply\.test\.js > multiplies — Expected values to be strictly equal: \(expected 20, actual 9 at test\/multiply\.test\.js:5\)$/m);
    expect(result.stdout).toMatch(/full output: .*logs\/tests\.log/);
    // The check run annotates the failing assertion's line.
    const annotations = patches().flatMap((p) => p.output?.annotations ?? []);
    expect(annotations).toContainEqual(expect.objectContaining({ path: 'test/multiply.test.js', start_line: 5, annotation_level: 'failure' }));
  });

  it('ERROR (the base cannot be found): failure with the reason as title and the fix in the summary, exit code 3 even with fail-on none', async () => {
    const pr = pullRequest({ 'src/app.js': 'export const x = 2;\n' });
    const result = await run(pr, { base: 'no-such-branch', 'fail-on': 'none' });

    expect(result.exitCode).toBe(3);
    expect(result.outputs).toMatchObject({ verdict: 'ERROR', 'exit-code': '3' });
    const [done] = patches();
    expect(done).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(done!.output!.title).toBe('ERROR: the base ref "no-such-branch" was not found (tried origin/no-such-branch and no-such-branch)');
    expect(done!.output!.summary).toContain('**Fix:** fetch it (git fetch origin no-such-branch)');
    expect(result.summary).toContain('## ❌ Loki Verify: ERROR');
  });

  it('BLOCKED by a planted secret: a failure annotation on its line, and the secret itself is nowhere in what was sent or written', async () => {
    const secret = plantedToken();
    const pr = pullRequest({ 'src/config.js': `export const host = 'example.org';\nexport const auth = '${secret}';\n` });
    const result = await run(pr, {});

    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expectOutputs(result, 'BLOCKED', 2);
    const [done] = patches();
    expect(done).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(done!.output!.annotations).toEqual([expect.objectContaining({ path: 'src/config.js', start_line: 2, annotation_level: 'failure' })]);
    const everything = [JSON.stringify(gh.requests.map((r) => r.body)), result.stdout, result.stderr, result.summary, readFileSync(result.outputs['evidence-path']!, 'utf8'), readFileSync(result.outputs['sarif-path']!, 'utf8')].join('\n');
    expect(everything).toContain('github-pat');
    expect(everything).not.toContain(secret);
  });
});

describe('the config input', () => {
  it('is read as it is on the base: a PR that relaxes block-on in it is still judged by the base\'s rules', async () => {
    const strict = 'verify:\n  block_on: [critical, high, medium]\n';
    const pr = pullRequest({ 'ci/loki.yml': 'verify:\n  block_on: [critical]\n', 'src/app.js': 'export const x = 2; // eslint-disable-line\n' }, { 'ci/loki.yml': strict });
    const result = await run(pr, { config: 'ci/loki.yml' });

    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.outputs.verdict).toBe('BLOCKED');
    expect(patches()[0]).toMatchObject({ conclusion: 'failure' });
  });

  it('a config the PR itself adds cannot judge it: ERROR with the fix, and the check run fails', async () => {
    const pr = pullRequest({ 'ci/loki.yml': 'verify:\n  block_on: [critical]\n', 'src/app.js': 'export const x = 2;\n' });
    const result = await run(pr, { config: 'ci/loki.yml' });

    expect(result.exitCode).toBe(3);
    expect(result.outputs).toMatchObject({ verdict: 'ERROR', 'exit-code': '3' });
    expect(result.summary).toContain('**Fix:** commit ci/loki.yml to main first');
    const [done] = patches();
    expect(done).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(done!.output!.title).toMatch(/^ERROR: the config ci\/loki\.yml does not exist on the base/);
  });
});

describe('the Action bundle without a check run', () => {
  it('fork PR: writes nothing (it reads only who accepted what), annotates the 10 most severe findings through workflow commands, says so in the summary', async () => {
    const pr = pullRequest({ 'test/app.test.js': skippedTests(60) });
    const result = await run(pr, {}, 'forker/demo');

    expect(gh.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
    expect(gh.requests.every((r) => ['/repos/octo/demo/issues/12/comments', '/repos/octo/demo/pulls/12/commits'].includes(r.path))).toBe(true);
    expect(result.exitCode).toBe(2);
    expectOutputs(result, 'BLOCKED', 2);
    const errors = result.stdout.split('\n').filter((line) => /^::error title=Loki integrity\/new-skip \(high\),file=test\/app\.test\.js,line=\d+::/.test(line));
    expect(errors).toHaveLength(10);
    expect(result.summary).toMatch(/No `Loki Verify` check run:\*\* this pull request comes from a fork/);
    expect(result.summary).toContain('50 more finding(s) on changed lines');
    expect(result.summary).toContain('## ⛔ Loki Verify: BLOCKED');
  });

  it('check-run API failing with 500: retries, then still reports the verdict, outputs and annotations without crashing', async () => {
    gh.on('POST', '/repos/octo/demo/check-runs', { status: 500, body: { message: 'Server Error' } });
    const pr = pullRequest({ 'test/app.test.js': skippedTests(3) });
    const result = await run(pr, {});

    expect(gh.find('POST', '/repos/octo/demo/check-runs')).toHaveLength(3);
    expect(patches()).toHaveLength(0);
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expectOutputs(result, 'BLOCKED', 2);
    expect(result.summary).toMatch(/No `Loki Verify` check run:\*\* the GitHub API call failed: .*HTTP 500/);
    expect(result.stdout.split('\n').filter((line) => /^::error .*file=test\/app\.test\.js,line=\d+::/.test(line))).toHaveLength(3);
    expect(result.stderr).not.toMatch(/internal error/);
  });

  it('read-only token (403): one attempt, the summary names the permission to grant, the verdict still decides the exit code', async () => {
    gh.on('POST', '/repos/octo/demo/check-runs', { status: 403, body: { message: 'Resource not accessible by integration' } });
    const pr = pullRequest({ 'src/app.js': 'export const x = 2;\n' });
    const result = await run(pr, {});

    expect(gh.find('POST', '/repos/octo/demo/check-runs')).toHaveLength(1);
    expect(result.exitCode).toBe(0);
    expectOutputs(result, 'VERIFIED', 0);
    expect(result.summary).toContain('`permissions: checks: write`');
    expect(result.summary).toContain('## ✅ Loki Verify: VERIFIED');
  });

  it('completion refused (422) after the check run opened: falls back to workflow annotations', async () => {
    gh.on('PATCH', `/repos/octo/demo/check-runs/${CHECK_RUN_ID}`, { status: 422, body: { message: 'Validation Failed' } });
    const pr = pullRequest({ 'src/app.js': 'export const x = 2; // eslint-disable-line\n' });
    const result = await run(pr, {});

    expect(patches()).toHaveLength(1);
    expect(result.exitCode).toBe(0);
    expectOutputs(result, 'CONCERNS', 1);
    expect(result.stdout).toMatch(/^::warning title=Loki integrity\/new-suppression \(medium\),file=src\/app\.js,line=1::/m);
    expect(result.summary).toMatch(/No `Loki Verify` check run:\*\* the GitHub API call failed: could not complete the check run: HTTP 422/);
  });

  it('an invalid input: ERROR with the input named and the fix, exit code 3, no API call', async () => {
    const pr = pullRequest({ 'src/app.js': 'export const x = 2;\n' });
    const result = await run(pr, { gates: 'diff,bogus', 'fail-on': 'none' });

    expect(result.exitCode).toBe(3);
    expect(result.outputs).toMatchObject({ verdict: 'ERROR', 'exit-code': '3' });
    expect(result.summary).toContain('`gates[1]`');
    expect(result.summary).toContain('**Fix:**');
    expect(result.stdout).toMatch(/::error::Loki Verify: ERROR/);
    expect(gh.requests).toHaveLength(0);
  });

  it('the PR\'s own commands (here the build) run without the token in their environment', async () => {
    const probe = 'test -z "$INPUT_TOKEN$GITHUB_TOKEN$ACTIONS_RUNTIME_TOKEN$ACTIONS_ID_TOKEN_REQUEST_TOKEN"';
    // The config that judges a PR is the base's (a PR cannot relax its own gates), so it lives on main.
    const config = `verify:\n  commands:\n    build: '${probe}'\n`;
    const pr = pullRequest({ 'src/app.js': 'export const x = 2;\n' }, { '.github/loki.yml': config, 'package.json': '{ "name": "demo", "private": true }\n' });
    const result = await run(pr, { gates: 'diff,build' }, undefined, { GITHUB_TOKEN: TOKEN, ACTIONS_RUNTIME_TOKEN: 'runtime-secret', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-secret' });

    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expectOutputs(result, 'VERIFIED', 0);
    expect(result.stdout).toMatch(/build: pass/);
    expect(result.stdout).not.toContain('persist-credentials');
  });

  it('warns, with the fix, when the checkout left a token in the git config for the PR\'s commands to find', async () => {
    const pr = pullRequest({ 'src/app.js': 'export const x = 2;\n' });
    pr.repo.git('config', 'http.https://github.com/.extraheader', 'AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46c2VjcmV0');
    const result = await run(pr, {});

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^::warning::the checkout keeps a GitHub token in the git config.*set `persist-credentials: false`/m);
  });
});

describe('the Action bundle and accepted findings', () => {
  const OLD_TEST = "import { it } from 'node:test';\nimport assert from 'node:assert/strict';\nit('pads', () => { assert.equal(' a', ' a'); });\n";
  /** A PR that deletes a test file (a high integrity finding) in a commit with `message`. */
  function deletingTest(message: string): PullRequest {
    const pr = pullRequest({ 'README.md': '# demo\nchanged\n' }, { 'test/old.test.js': OLD_TEST });
    return { ...pr, headSha: pr.repo.commit(message, { 'test/old.test.js': null }) };
  }
  const evidenceOf = (result: BundleRun) => JSON.parse(readFileSync(result.outputs['evidence-path']!, 'utf8')) as { verdict: string; findings: Array<{ rule: string; blocking: boolean; accepted?: { by: string } ; message: string }> };
  beforeEach(() => {
    gh.on('GET', /^\/repos\/octo\/demo\/collaborators\/([^/]+)\/permission$/, (_r, m) => (m[1] === 'maintainer' ? { body: { permission: 'write', role_name: 'write' } } : { status: 404, body: { message: 'Not Found' } }));
    gh.on('GET', '/repos/octo/demo/issues/12/comments', { body: [] });
    gh.on('GET', '/repos/octo/demo/pulls/12/commits', { body: [] });
  });

  it("a maintainer's `/loki accept` comment turns the blocking deletion into an accepted finding: CONCERNS, with who", async () => {
    const pr = deletingTest('Drop the old test');
    expect((await run(pr, {})).outputs.verdict).toBe('BLOCKED');
    gh.on('GET', '/repos/octo/demo/issues/12/comments', { body: [{ body: '/loki accept test-deleted test/old.test.js it tested nothing', html_url: 'https://github.test/c/1', user: { login: 'maintainer', type: 'User' } }] });
    const result = await run(pr, {});
    expect(result.outputs.verdict).toBe('CONCERNS');
    expect(evidenceOf(result).findings.find((f) => f.rule === 'test-deleted')).toMatchObject({ blocking: false, accepted: { by: '@maintainer (write)' } });
  });

  it("attack: a fork's own commit trailer does not accept its finding; the evidence says why", async () => {
    const pr = deletingTest('Drop the old test\n\nLoki-Accept: test-deleted test/old.test.js');
    gh.on('GET', '/repos/octo/demo/pulls/12/commits', { body: [{ sha: pr.headSha, commit: { message: 'Drop the old test\n\nLoki-Accept: test-deleted test/old.test.js', verification: { verified: false } }, author: { login: 'maintainer', type: 'User' } }] });
    const forked = await run(pr, {}, 'forker/demo');
    expect(forked.outputs.verdict).toBe('BLOCKED');
    expect(evidenceOf(forked).findings.find((f) => f.rule === 'accept-refused')?.message).toContain('cannot tie that commit to a person with write access');
    // The same commit on a branch of the repository itself was pushed by someone with write access.
    expect((await run(pr, {})).outputs.verdict).toBe('CONCERNS');
  });
});
