import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { STATUS_MARKER } from '../../github/status-comment.js';
import { revParse } from './support/fake-github.js';
import { commentPayload, labeledPayload, pullPayload, SECRET, startHarness, type Harness } from './support/app-harness.js';
import { deliver, examplePayload, waitFor } from './support/webhooks.js';
import { loopbackOnly } from '../support/loopback-only.js';

let h: Harness;
loopbackOnly();
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const idle = async () => (await h.server.app.ready).background.idle();

function checkRunPayload(o: { name: string; externalId: string; action: 'rerequested' | 'requested_action'; pulls?: number[] }): Record<string, unknown> {
  const payload = examplePayload('check_run', o.action);
  Object.assign(payload.check_run as Record<string, unknown>, { name: o.name, external_id: o.externalId, pull_requests: (o.pulls ?? []).map((number) => ({ number })) });
  if (o.action === 'requested_action') payload.requested_action = { identifier: 'retry' };
  payload.repository = h.gh.repositoryPayload();
  payload.sender = { login: 'writer', type: 'User', id: 7 };
  payload.installation = { id: h.gh.installationId };
  return payload;
}

describe('App handlers', () => {
  it("the Retry button on a failed Loki Build check run starts the issue's build again", async () => {
    labeledPayload(h, { number: 50 });
    await deliver(h.server.url, SECRET, { event: 'check_run', payload: checkRunPayload({ name: 'Loki Build', externalId: 'loki-build-octo-org-widgets-50-deadbeef', action: 'requested_action' }) });
    const run = await waitFor('a new build', () => h.gh.checkRuns.find((r) => r.name === 'Loki Build' && r.status === 'completed'));
    expect(run.conclusion).toBe('success');
    expect(h.runs()[0]?.job).toMatchObject({ issue_number: 50, requested_by: 'writer' });
  });

  it('ignores re-run requests for check runs that are not Loki\'s', async () => {
    await deliver(h.server.url, SECRET, { event: 'check_run', payload: checkRunPayload({ name: 'CI', externalId: 'loki-build-octo-org-widgets-51-deadbeef', action: 'rerequested' }) });
    await idle();
    expect(h.gh.standIn.requests.filter((r) => !r.path.includes('access_tokens'))).toHaveLength(0);
  });

  it('"Re-run" on Loki Verify verifies the pull request head again', async () => {
    const sha = revParse(h.gh.barePath, 'refs/heads/main') ?? '';
    h.gh.pulls.push({ number: 60, title: 'x', body: '', head: 'main', base: 'main' });
    await deliver(h.server.url, SECRET, { event: 'check_run', payload: checkRunPayload({ name: 'Loki Verify', externalId: 'loki-verify-x-60-deadbeef', action: 'rerequested', pulls: [60] }) });
    await waitFor('a verify job', () => h.runs().length === 1);
    expect(h.runs()[0]?.job).toMatchObject({ kind: 'verify', pr_number: 60, head_sha: sha });
  });

  it('a new head supersedes the verification of the old one', async () => {
    const sha = revParse(h.gh.barePath, 'refs/heads/main') ?? '';
    const firstSha = 'a'.repeat(40);
    // The fake runner keeps running for the head aaaa…, so the second push finds it live.
    await deliver(h.server.url, SECRET, { event: 'pull_request', payload: pullPayload(h, { number: 61, headSha: firstSha }) });
    await deliver(h.server.url, SECRET, { event: 'pull_request', payload: pullPayload(h, { number: 61, headSha: sha, action: 'synchronize' }) });
    await waitFor('two verify check runs to complete', () => h.gh.checkRuns.filter((r) => r.name === 'Loki Verify' && r.status === 'completed').length === 2);
    const runs = h.gh.checkRuns.filter((r) => r.name === 'Loki Verify');
    expect(runs.map((r) => r.head_sha)).toEqual([firstSha, sha]);
    expect(runs[0]?.conclusion).toBe('cancelled');
    expect(runs[0]?.output.summary).toContain('a newer head');
    expect(runs[1]?.conclusion).toBe('success');
  });

  it('lets an allowlisted bot trigger a build', async () => {
    h.gh.config = { app: { allowed_bots: ['renovate[bot]'] } };
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 52, sender: 'renovate[bot]', senderType: 'Bot' }) });
    await waitFor('the build', () => h.gh.checkRuns.some((r) => r.name === 'Loki Build'));
  });

  it('a User account whose name merely looks like a bot is judged by its role, not its name', async () => {
    h.gh.roles.set('sneaky[bot]', 'read');
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 53, sender: 'sneaky[bot]', senderType: 'User' }) });
    await idle();
    expect(h.gh.checkRuns).toHaveLength(0);
    expect(h.gh.comments.find((c) => c.issue_number === 53)?.body).toContain('`read` role');
  });

  it('surfaces a GitHub API failure in the status comment instead of swallowing it', async () => {
    h.gh.standIn.on('POST', /\/check-runs$/, { status: 500, body: { message: 'Server Error' } });
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 54 }) });
    await idle();
    const status = h.gh.comments.find((c) => c.issue_number === 54 && c.body.includes(STATUS_MARKER));
    expect(status?.body).toMatch(/Loki could not start the build[\s\S]*HTTP 500[\s\S]*\*\*Fix:\*\*/);
    expect(h.runs()).toHaveLength(0);
    // The slot is free again: a retry is not refused as "already running".
    h.gh.standIn.on('POST', /\/check-runs$/, (r) => ({ status: 201, body: { id: 999, name: 'Loki Build', head_sha: (r.body as { head_sha: string }).head_sha, status: 'queued', external_id: 'x' } }));
    await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 54, body: '/loki retry' }) });
    await waitFor('the retried job', () => h.runs().length === 1);
  });

  it('a failure to read the requester\'s role is reported on the issue, and nothing is built', async () => {
    h.gh.standIn.on('GET', /collaborators\/writer\/permission$/, { status: 502, body: { message: 'Bad Gateway' } });
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 56 }) });
    await idle();
    expect(h.gh.comments.find((c) => c.issue_number === 56)?.body).toMatch(/could not start the build[\s\S]*HTTP 502/);
    expect(h.gh.checkRuns).toHaveLength(0);
  });

  it('`/loki accept` on a pull request runs Loki Verify again with the acceptances of people with write access; a triager\'s is refused', async () => {
    h.gh.config = { app: { allowed_roles: ['admin', 'maintain', 'write', 'triage'] } };
    h.gh.roles.set('triager', 'triage');
    h.gh.pulls.push({ number: 62, title: 'Drop the helper', body: '', head: 'main', base: 'main' });
    // GitHub holds the comments before it sends their webhooks: the verification reads them all from there.
    h.gh.comments.push({ id: 901, issue_number: 62, body: '/loki accept test-deleted test/helper.test.js the helper is gone', user: { login: 'writer', type: 'User' } });
    h.gh.comments.push({ id: 902, issue_number: 62, body: '/loki accept test-deleted test/math.test.js', user: { login: 'triager', type: 'User' } });
    await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 62, onPull: true, sender: 'triager', body: '/loki accept test-deleted test/math.test.js' }) });
    await idle();
    expect(h.runs()).toHaveLength(0);
    expect(h.gh.comments.at(-1)?.body).toContain('accepting a finding needs write access, and @triager has the `triage` role');
    await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 62, onPull: true, body: '/loki accept test-deleted test/helper.test.js the helper is gone' }) });
    await waitFor('a verify job', () => h.runs().length === 1);
    expect(h.gh.reactions).toContainEqual({ issue_number: 62, content: '+1' });
    expect(h.runs()[0]?.job).toMatchObject({
      kind: 'verify', pr_number: 62,
      acceptances: {
        comments: [{ rule: 'test-deleted', file: 'test/helper.test.js', why: 'the helper is gone', by: '@writer (write)' }],
        refused: [{ what: "@triager's `/loki accept test-deleted test/math.test.js`", reason: expect.stringContaining('the `triage` role') }],
      },
    });
  });

  it('`/loki accept` that names no rule is answered with how to write it', async () => {
    await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 63, onPull: true, body: '/loki accept' }) });
    await idle();
    expect(h.runs()).toHaveLength(0);
    expect(h.gh.comments.at(-1)?.body).toContain('`/loki accept <rule> [<file>] [why]`');
  });

  it('`/loki status` reports the running build; `/loki verify` on an issue explains where it works', async () => {
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 55, title: 'Slow [sleep]' }) });
    await waitFor('the runner to start', () => h.runs().length === 1);
    await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 55, body: '/loki status' }) });
    await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 55, body: '/loki verify' }) });
    await idle();
    const replies = h.gh.comments.filter((c) => c.issue_number === 55 && !c.body.includes(STATUS_MARKER)).map((c) => c.body);
    expect(replies[0]).toMatch(/A Loki build is running: \[check run\]\(http:\/\/127\.0\.0\.1:\d+\/octo-org\/widgets\/runs\/\d+\)/);
    expect(replies[1]).toContain('works on pull requests');
  });
});
