import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../gates/core/package-root.js';
import { parseLedger } from '../../github/follow-up-ledger.js';
import { STATUS_MARKER } from '../../github/status-comment.js';
import { createBuildFixture, MULTIPLY_TEST, SPEC_TEXT, type BuildFixture } from '../runner/support/build-fixture.js';
import { SECRET, startHarness, type Harness } from './support/app-harness.js';
import { checkSuitePayload, reviewPayload } from './support/follow-up-payloads.js';
import { deliver, waitFor } from './support/webhooks.js';
import { loopbackOnly } from '../support/loopback-only.js';

/**
 * Follow-ups end to end: signed review and CI webhooks → the App → the real runner
 * (`node dist/cli/loki.js run-job`) with a scripted `command` agent → a new commit on the same
 * branch of a real bare remote, replies in the threads, the ledger and a `Loki Build` check run on
 * the new head in the GitHub stand-in.
 */
const CONFIG = { provider: { name: 'command' }, build: { reviewers: 0, max_iterations: 2 }, verify: { gates: ['diff', 'build', 'tests', 'secrets', 'integrity'] } };
const MATH = 'export function add(a, b) {\n  return a + b;\n}\n\nexport function multiply(a, b) {\n  return a * b;\n}\n';
const DIVIDE_TEST = "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { divide } from '../src/math.js';\n\ntest('divides', () => {\n  assert.equal(divide(6, 3), 2);\n});\n";

/** Dumps its prompt (outside the workspace), adds divide with a test, and answers every review comment it was given. */
function followUpAgent(promptLog: string): string {
  return `
import * as fs from 'node:fs';
const prompt = fs.readFileSync(process.env.LOKI_PROMPT_FILE, 'utf8');
fs.appendFileSync(${JSON.stringify(promptLog)}, prompt + '\\n=====\\n');
fs.writeFileSync('src/math.js', ${JSON.stringify(`${MATH}\nexport function divide(a, b) {\n  return a / b;\n}\n`)});
fs.writeFileSync('test/divide.test.js', ${JSON.stringify(DIVIDE_TEST)});
const ids = [...prompt.matchAll(/### Review comment (\\d+)/g)].map((m) => m[1]);
fs.writeFileSync('.loki/replies.json', JSON.stringify(Object.fromEntries(ids.map((id) => [id, { changed: true, note: 'Added divide(a, b) with a test' }]))));
console.log('Added divide.');
`;
}

let f: BuildFixture;
let h: Harness;
let oldHead: string;
loopbackOnly();
beforeEach(() => {
  if (!existsSync(join(packageRoot(), 'dist/cli/loki.js'))) throw new Error('build the CLI first: node scripts/build.mjs --cli');
  f = createBuildFixture();
  f.unsandboxed(); // the agent writes its prompt outside its workspace
  f.seed.commit('loki config', { '.github/loki.yml': `${JSON.stringify(CONFIG)}\n` });
  f.seed.git('push', '-q', f.remote, 'main');
  // The first build's work, pushed to loki/issue-7, and the pull request the App opened from it.
  f.seed.git('checkout', '-q', '-b', 'loki/issue-7');
  oldHead = f.seed.commit('loki(#7): checkpoint', { 'src/math.js': MATH, 'test/multiply.test.js': MULTIPLY_TEST });
  f.seed.git('push', '-q', f.remote, 'loki/issue-7');
  f.seed.git('checkout', '-q', 'main');
});
afterEach(async () => {
  await h?.close();
  f.cleanup();
});

async function startWithPull(agent: string): Promise<void> {
  h = await startHarness({ barePath: f.remote, realRunner: true, extraEnv: { LOKI_AGENT_COMMAND: agent, LOKI_FOLLOW_UP_DELAY_MS: '200' } });
  h.gh.config = CONFIG;
  h.gh.issues.set(7, { number: 7, title: 'Add multiply', body: SPEC_TEXT, labels: ['loki:build'], state: 'open' });
  h.gh.pulls.push({ number: 500, title: 'Add multiply', body: 'Closes #7\n\nBuilt by Loki in 1 iteration ($0.25). Verdict **VERIFIED**.', head: 'loki/issue-7', base: 'main' });
}

const buildOn = (sha: string) => h.gh.checkRuns.find((r) => r.name === 'Loki Build' && r.head_sha === sha && r.status === 'completed');

/** The remote branch moved forward from the old head (same branch, no force), and its tests pass. */
function expectFastForwardWithPassingTests(newHead: string): void {
  expect(newHead).not.toBe(oldHead);
  f.remoteGit('merge-base', '--is-ancestor', oldHead, newHead);
  const check = mkdtempSync(join(tmpdir(), 'loki-follow-up-check-'));
  try {
    execFileSync('git', ['clone', '-q', '-b', 'loki/issue-7', f.remote, check]);
    expect(execFileSync(process.execPath, ['--test'], { cwd: check, encoding: 'utf8' })).toMatch(/# pass 3/);
  } finally {
    rmSync(check, { recursive: true, force: true });
  }
}

describe('follow-ups on a Loki pull request, end to end', () => {
  it('a changes-requested review → a new commit on the same branch, a reply in the thread naming it, the ledger, and Loki Build success on the new head', async () => {
    const prompts = join(f.root, 'prompts.log');
    await startWithPull(f.agent('follow-up', followUpAgent(prompts)));
    const hunk = '@@ -4,3 +4,7 @@ export function add(a, b) {\n+export function multiply(a, b) {\n+  return a * b;\n+}';
    const thread = h.gh.addReviewComment({ pull_number: 500, body: 'Please add `divide(a, b)` next to multiply, with a test.', path: 'src/math.js', line: 6, diff_hunk: hunk, user: { login: 'writer', type: 'User' } });
    await deliver(h.server.url, SECRET, { event: 'pull_request_review', payload: reviewPayload(h.gh, { pull: 500, state: 'changes_requested', body: 'One more function, please.' }) });

    const newHead = await waitFor('the branch to move', () => { const head = f.remoteHead('loki/issue-7'); return head !== oldHead && head; }, 90_000);
    const run = await waitFor('Loki Build on the new head', () => buildOn(newHead), 30_000);
    expect(run.conclusion, JSON.stringify(run.output).slice(0, 2000)).toBe('success');
    expectFastForwardWithPassingTests(newHead);
    // The first check run, on the old head, points at the new one.
    expect(h.gh.checkRuns.find((r) => r.name === 'Loki Build' && r.head_sha === oldHead)?.conclusion).toBe('neutral');
    // The evidence names what it answered.
    expect(String(run.output.summary)).toMatch(/This follow-up of pull request #500 answers \[review by @writer\]\(http:\/\/github\.local\/.*pullrequestreview-900\)/);
    expect(h.gh.pulls).toHaveLength(1);

    const reply = await waitFor('the reply in the thread', () => h.gh.reviewComments.find((c) => c.in_reply_to_id === thread.id));
    expect(reply.body).toContain(`Addressed in ${newHead}: Added divide(a, b) with a test`);
    const sticky = h.gh.comments.find((c) => c.issue_number === 500 && c.body.includes(STATUS_MARKER));
    expect(parseLedger(sticky?.body ?? '')?.entries).toEqual([expect.objectContaining({ key: `review:${thread.id}`, state: 'addressed', commit: newHead })]);
    expect(sticky?.body).toMatch(/✅ Follow-up `loki-build-.*` answered 1 review comment/);

    // The prompt carried the comment's body, path, line and diff hunk, and the review's text.
    const prompt = readFileSync(prompts, 'utf8');
    expect(prompt).toContain(`### Review comment ${thread.id} by @writer on \`src/math.js\` line 6`);
    expect(prompt).toContain('@writer: Please add `divide(a, b)` next to multiply, with a test.');
    expect(prompt).toContain(hunk);
    expect(prompt).toContain('One more function, please.');
    // The token never reaches the agent or GitHub's text.
    expect(prompt).not.toMatch(/ghs_fake/);
    expect(JSON.stringify([h.gh.comments, h.gh.reviewComments, h.gh.checkRuns])).not.toMatch(/ghs_fake/);
  }, 150_000);

  it('a failing external CI check → a fix commit with the job log in the prompt, and Loki Build success on the new head', async () => {
    const prompts = join(f.root, 'prompts.log');
    await startWithPull(f.agent('follow-up', followUpAgent(prompts)));
    h.gh.addExternalCheckRun({
      name: 'test (ubuntu-latest)', head_sha: oldHead, conclusion: 'failure', output: { title: '1 test failed', summary: 'node --test exited 1' },
      annotations: [{ path: 'test/divide.test.js', start_line: 1, annotation_level: 'failure', message: 'Cannot find export divide in src/math.js' }],
      log: '2026-12-04T01:00:00.0000000Z Run node --test\n2026-12-04T01:00:01.0000000Z ##[error]SyntaxError: The requested module \'../src/math.js\' does not provide an export named \'divide\'\n2026-12-04T01:00:01.0000000Z ##[error]Process completed with exit code 1.',
    });
    await deliver(h.server.url, SECRET, { event: 'check_suite', payload: checkSuitePayload(h.gh, { pull: 500, conclusion: 'failure' }) });

    const newHead = await waitFor('the branch to move', () => { const head = f.remoteHead('loki/issue-7'); return head !== oldHead && head; }, 90_000);
    const run = await waitFor('Loki Build on the new head', () => buildOn(newHead), 30_000);
    expect(run.conclusion, JSON.stringify(run.output).slice(0, 2000)).toBe('success');
    expectFastForwardWithPassingTests(newHead);
    const prompt = readFileSync(prompts, 'utf8');
    expect(prompt).toContain('### The check "test (ubuntu-latest)" failed on the pull request head');
    expect(prompt).toContain("##[error]SyntaxError: The requested module '../src/math.js' does not provide an export named 'divide'");
    expect(prompt).toContain('failure test/divide.test.js:1: Cannot find export divide in src/math.js');
    const ledger = parseLedger(h.gh.comments.find((c) => c.issue_number === 500 && c.body.includes(STATUS_MARKER))?.body ?? '');
    expect(ledger).toMatchObject({ ci_attempts: 1, entries: [expect.objectContaining({ kind: 'ci', state: 'addressed', commit: newHead })] });
  }, 150_000);
});
