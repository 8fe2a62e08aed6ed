import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../github/client.js';
import { takeLease } from '../../github/lease.js';
import { hostname } from 'node:os';
import { goneFromThisHost } from '../../app/job-leases.js';
import { labeledPayload, SECRET, startHarness, type Harness } from './support/app-harness.js';
import { revParse } from './support/fake-github.js';
import { deliver, waitFor } from './support/webhooks.js';
import { STATUS_MARKER } from '../../github/status-comment.js';
import { loopbackOnly } from '../support/loopback-only.js';

/** The App takes a lease per job in GitHub (refs/loki/leases/issue-N) and leaves another replica's live lease alone. */
let h: Harness;
loopbackOnly();
beforeEach(async () => {
  h = await startHarness({ extraEnv: { LOKI_REPLICA_ID: 'replica-here' } });
});
afterEach(async () => h.close());

const LEASE = 'refs/loki/leases/issue-';
const leases = () => h.gh.git.refs(`${h.gh.owner}/${h.gh.repo}`);
const otherReplicaTakes = (number: number, ttlMs = 60_000) =>
  takeLease(createGitHubClient({ token: 'other', baseUrl: h.gh.apiUrl, retries: 0, throttle: false }), { owner: h.gh.owner, repo: h.gh.repo }, `issue-${number}`, { replica: 'replica-elsewhere', ttlMs });

describe('goneFromThisHost', () => {
  it('is true only for a hostname-pid id of this machine whose process has exited', async () => {
    const { execFileSync } = await import('node:child_process');
    const exited = Number(execFileSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).trim());
    expect(goneFromThisHost(`${hostname()}-${exited}`)).toBe(true);
    expect(goneFromThisHost(`${hostname()}-${process.pid}`)).toBe(false);
    expect(goneFromThisHost(`${hostname()}-1`)).toBe(false); // alive (init)
    expect(goneFromThisHost(`elsewhere-${exited}`)).toBe(false);
    expect(goneFromThisHost('replica-a')).toBe(false);
  });
});

describe('job leases in GitHub', () => {
  it('holds the issue\'s lease while the build runs, and releases it when the build ends', async () => {
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 50, title: 'Slow [sleep]' }) });
    await waitFor('the runner to start', () => h.runs().length === 1);
    expect(leases().has(`${LEASE}50`)).toBe(true);
    // Another replica finds it held and cannot take it.
    expect(await otherReplicaTakes(50)).toMatchObject({ taken: false, holder: { replica: 'replica-here' } });
    const services = await h.server.app.ready;
    await services.dispatcher.cancel((h.runs()[0]?.job as { job_id: string }).job_id);
    await waitFor('the lease to be released', () => !leases().has(`${LEASE}50`));
  });

  it('leaves an issue whose lease another replica holds, live, alone: no check run, no comment, no run', async () => {
    expect((await otherReplicaTakes(51)).taken).toBe(true);
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 51 }) });
    await (await h.server.app.ready).background.idle();
    expect(h.gh.checkRuns).toEqual([]);
    expect(h.gh.comments).toEqual([]);
    expect(h.runs()).toEqual([]);
  });

  it('reconciliation does not resume another replica\'s live build, and resumes it once that lease has expired', async () => {
    labeledPayload(h, { number: 52 });
    const jobId = 'loki-build-octo-org-widgets-52-0123abcd';
    h.gh.comments.push({ id: 9052, issue_number: 52, body: `${STATUS_MARKER}\nrunning`, user: { login: 'loki[bot]', type: 'Bot' } });
    h.gh.checkRuns.push({ id: 8052, name: 'Loki Build', head_sha: revParse(h.gh.barePath, 'refs/heads/main') ?? '', status: 'in_progress', conclusion: null, external_id: jobId, output: {}, updates: [] });
    expect((await otherReplicaTakes(52)).taken).toBe(true);
    expect((await h.server.app.reconcileNow()).resumed).toEqual([]);
    expect((await h.server.app.reconcileNow()).resumed).toEqual([]);
    // Not given up on either: a live build elsewhere is not a dead one.
    expect(h.gh.checkRuns[0]?.status).toBe('in_progress');
    expect(h.runs()).toEqual([]);

    leases().delete(`${LEASE}52`);
    expect((await otherReplicaTakes(52, -1)).taken).toBe(true); // an expired lease of the other replica
    expect((await h.server.app.reconcileNow()).resumed).toEqual([jobId]);
    await waitFor('the resumed runner', () => h.runs().length === 1);
  });
});
