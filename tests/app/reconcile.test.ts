import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { STATUS_MARKER } from '../../github/status-comment.js';
import { revParse } from './support/fake-github.js';
import { labeledPayload, SECRET, startHarness, type Harness } from './support/app-harness.js';
import { deliver, waitFor } from './support/webhooks.js';
import { loopbackOnly } from '../support/loopback-only.js';

let h: Harness;
loopbackOnly();
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** A build accepted by an earlier App instance: labelled issue, sticky comment, check run not completed. */
function acceptedEarlier(number: number, status: string, title = 'Add greet'): string {
  labeledPayload(h, { number, title });
  const jobId = `loki-build-octo-org-widgets-${number}-0123abcd`;
  h.gh.comments.push({ id: 9000 + number, issue_number: number, body: `${STATUS_MARKER}\nrunning`, user: { login: 'loki[bot]', type: 'Bot' } });
  h.gh.checkRuns.push({ id: 8000 + number, name: 'Loki Build', head_sha: revParse(h.gh.barePath, 'refs/heads/main') ?? '', status, conclusion: status === 'completed' ? 'success' : null, external_id: jobId, output: {}, updates: [] });
  return jobId;
}

describe('reconciliation', () => {
  it('resumes an accepted build with no live job exactly once, under the same job id, check run and comment', async () => {
    const jobId = acceptedEarlier(40, 'in_progress');
    acceptedEarlier(41, 'completed');
    const report = await h.server.app.reconcileNow();
    expect(report.resumed).toEqual([jobId]);
    await waitFor('the resumed job to complete its check run', () => h.gh.checkRuns.find((r) => r.id === 8040)?.status === 'completed');
    expect(h.runs()).toHaveLength(1);
    expect(h.runs()[0]?.job).toMatchObject({ job_id: jobId, issue_number: 40, check_run_id: 8040, status_comment_id: 9040 });
    // Done now: a later pass finds nothing to resume.
    expect((await h.server.app.reconcileNow()).resumed).toEqual([]);
    expect(h.runs()).toHaveLength(1);
  });

  it('leaves a build that is live in this App alone, and two overlapping passes resume once', async () => {
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 42, title: 'Slow [sleep]' }) });
    await waitFor('the runner to start', () => h.runs().length === 1);
    acceptedEarlier(43, 'queued', 'Also slow [sleep]');
    const [a, b] = await Promise.all([h.server.app.reconcileNow(), h.server.app.reconcileNow()]);
    // Whether the passes overlapped or ran one after the other, the build was resumed once.
    const resumed = a === b ? a.resumed : [...a.resumed, ...b.resumed];
    expect(resumed).toEqual(['loki-build-octo-org-widgets-43-0123abcd']);
    await waitFor('the resumed runner', () => h.runs().length === 2);
    expect((await h.server.app.reconcileNow()).resumed).toEqual([]);
    expect(h.runs().map((r) => (r.job as { issue_number: number }).issue_number).sort()).toEqual([42, 43]);
  });

  it('does not resume forever: a job that dies again without a result fails its check run with a Retry button', async () => {
    const jobId = acceptedEarlier(45, 'in_progress', 'Breaks [crash]');
    expect((await h.server.app.reconcileNow()).resumed).toEqual([jobId]);
    // The crash is reported by the App when the runner exits; put the check run back as an earlier instance would leave it.
    await waitFor('the crash to be reported', () => h.gh.checkRuns.find((r) => r.id === 8045)?.status === 'completed');
    const services = await h.server.app.ready;
    await waitFor('the job to be over', async () => !(await services.dispatcher.isLive(jobId)));
    const run = h.gh.checkRuns.find((r) => r.id === 8045);
    if (run) Object.assign(run, { status: 'in_progress', conclusion: null });
    expect((await h.server.app.reconcileNow()).resumed).toEqual([]);
    expect(run?.status).toBe('completed');
    expect(run?.output.title).toContain('ended twice without a result');
    expect(h.runs()).toHaveLength(1);
  });

  it('resumes on start-up after a restart', async () => {
    const jobId = acceptedEarlier(44, 'in_progress');
    await h.restart({ reconcileOnStart: true });
    await waitFor('the start-up reconciliation to resume the build', () => h.runs().some((r) => (r.job as { job_id: string }).job_id === jobId));
  });

  it('verifies again a pull request head whose Loki Verify check run was left queued', async () => {
    const sha = revParse(h.gh.barePath, 'refs/heads/main') ?? '';
    h.gh.pulls.push({ number: 70, title: 'x', body: '', head: 'main', base: 'main' });
    const jobId = 'loki-verify-octo-org-widgets-70-0123abcd';
    h.gh.checkRuns.push({ id: 8070, name: 'Loki Verify', head_sha: sha, status: 'queued', conclusion: null, external_id: jobId, output: {}, updates: [] });
    expect((await h.server.app.reconcileNow()).resumed).toEqual([jobId]);
    await waitFor('the check run to complete', () => h.gh.checkRuns.find((r) => r.id === 8070)?.status === 'completed');
    expect(h.runs()[0]?.job).toMatchObject({ job_id: jobId, kind: 'verify', pr_number: 70, head_sha: sha, check_run_id: 8070 });
    expect(h.gh.checkRuns.filter((r) => r.name === 'Loki Verify')).toHaveLength(1);
    expect((await h.server.app.reconcileNow()).resumed).toEqual([]);
  });
});


describe('reconciliation past the first page', () => {
  it('finds the 150th installation, repository, labelled issue and open pull request', async () => {
    h.gh.otherInstallations.push(...Array.from({ length: 149 }, (_, i) => 100 + i));
    h.gh.otherRepositories.push(...Array.from({ length: 149 }, (_, i) => `other-${i}`));
    for (let n = 1; n <= 149; n++) labeledPayload(h, { number: 1000 + n, title: `Done already ${n}` });
    const buildJob = acceptedEarlier(1150, 'in_progress');
    const sha = revParse(h.gh.barePath, 'refs/heads/main') ?? '';
    for (let n = 1; n <= 149; n++) h.gh.pulls.push({ number: 2000 + n, title: 'x', body: '', head: 'main', base: 'main' });
    h.gh.pulls.push({ number: 2150, title: 'x', body: '', head: 'main', base: 'main' });
    const verifyJob = 'loki-verify-octo-org-widgets-2150-0123abcd';
    h.gh.checkRuns.push({ id: 8150, name: 'Loki Verify', head_sha: sha, status: 'queued', conclusion: null, external_id: verifyJob, output: {}, updates: [] });

    const report = await h.server.app.reconcileNow();
    expect(report.repositories).toBe(150);
    expect(report.resumed).toContain(buildJob);
    expect(report.resumed).toContain(verifyJob);
    // Every list was read page by page, following GitHub's Link header.
    for (const list of ['/app/installations', '/installation/repositories', '/repos/octo-org/widgets/issues', '/repos/octo-org/widgets/pulls']) {
      expect(h.gh.standIn.find('GET', new RegExp(`${list}$`)).some((r) => r.query.get('page') === '2'), list).toBe(true);
    }
  });
});

describe('reconciliation after main moved', () => {
  it('resumes a build whose check run was created on an older main, found from the status comment, exactly once', async () => {
    labeledPayload(h, { number: 46, title: 'Add greet' });
    const jobId = 'loki-build-octo-org-widgets-46-0123abcd';
    // Accepted while main was at an older commit; main has moved on since, so its head has no Loki Build run.
    h.gh.checkRuns.push({ id: 8046, name: 'Loki Build', head_sha: 'a'.repeat(40), status: 'in_progress', conclusion: null, external_id: jobId, output: {}, updates: [] });
    h.gh.comments.push({ id: 9046, issue_number: 46, body: `${STATUS_MARKER}\n<!-- loki:check-run 8046 -->\nrunning`, user: { login: 'loki[bot]', type: 'Bot' } });
    expect((await h.server.app.reconcileNow()).resumed).toEqual([jobId]);
    await waitFor('the resumed job to complete its check run', () => h.gh.checkRuns.find((r) => r.id === 8046)?.status === 'completed');
    expect(h.runs()).toHaveLength(1);
    expect(h.runs()[0]?.job).toMatchObject({ job_id: jobId, check_run_id: 8046, status_comment_id: 9046 });
    expect((await h.server.app.reconcileNow()).resumed).toEqual([]);
  });

  it('keeps the check-run marker in the status comment through every update', async () => {
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 47, title: 'Add greet' }) });
    await waitFor('the build to finish', () => h.gh.checkRuns.some((r) => r.name === 'Loki Build' && r.status === 'completed'));
    const run = h.gh.checkRuns.find((r) => r.name === 'Loki Build');
    const comment = h.gh.comments.find((c) => c.issue_number === 47 && c.body.includes(STATUS_MARKER));
    expect(comment?.body).toContain(`<!-- loki:check-run ${run?.id} -->`);
  });
});
