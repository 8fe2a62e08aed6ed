import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createActionsDispatcher } from '../../../app/dispatch/actions-dispatcher.js';
import { createGitHubClient } from '../../../github/client.js';
import { JobSchema } from '../../../runner/job/schema.js';
import { startGitHubStandIn, type GitHubStandIn } from '../../support/github-stand-in.js';
import { loopbackOnly } from '../../support/loopback-only.js';

let standIn: GitHubStandIn;
loopbackOnly();
beforeEach(async () => {
  standIn = await startGitHubStandIn();
});
afterEach(async () => {
  await standIn.close();
});

const job = JobSchema.parse({ job_id: 'loki-build-o-r-5-0a1b2c3d', kind: 'build', base_ref: 'main', issue_number: 5, repo: { owner: 'o', name: 'r', clone_url: 'https://github.com/o/r.git', default_branch: 'main' } });
const WF = '/repos/ops/runners/actions/workflows/loki-build.yml';

function dispatcher() {
  const gh = createGitHubClient({ token: 'ghs_installation', baseUrl: standIn.url, retries: 0 });
  return createActionsDispatcher({ client: async () => gh, owner: 'ops', repo: 'runners', lookupDelayMs: 10, lookupAttempts: 3 });
}

describe('the actions dispatcher', () => {
  it('dispatches loki-build.yml with the job as input and no token, and cancels the run it returned', async () => {
    standIn.on('POST', `${WF}/dispatches`, { status: 200, body: { workflow_run_id: 991, html_url: 'https://github.com/ops/runners/actions/runs/991' } });
    standIn.on('POST', '/repos/ops/runners/actions/runs/991/cancel', { status: 202, body: {} });
    const d = dispatcher();
    expect(await d.dispatch({ job, installationId: 1, repositoryId: 2, tokenless: false })).toEqual({ runUrl: 'https://github.com/ops/runners/actions/runs/991' });
    const [sent] = standIn.find('POST', `${WF}/dispatches`);
    expect(sent?.body).toMatchObject({ ref: 'main', return_run_details: true, inputs: { job_id: job.job_id } });
    const inputs = (sent?.body as { inputs: Record<string, string> }).inputs;
    expect(JSON.parse(inputs.job ?? '')).toEqual(job);
    expect(JSON.stringify(sent?.body)).not.toContain('ghs_');
    expect(await d.cancel(job.job_id)).toBe(true);
    expect(standIn.find('POST', '/repos/ops/runners/actions/runs/991/cancel')).toHaveLength(1);
  });

  it('finds the run by the job id in its name when the dispatch answers 204, and reports liveness from GitHub', async () => {
    standIn.on('POST', `${WF}/dispatches`, { status: 204 });
    let listed = 0;
    standIn.on('GET', `${WF}/runs`, () => {
      listed++;
      const runs = listed < 2 ? [] : [{ id: 77, name: `Loki ${job.job_id}`, status: 'in_progress', html_url: 'https://x/77' }, { id: 5, name: 'Loki other', status: 'in_progress' }];
      return { body: { total_count: runs.length, workflow_runs: runs } };
    });
    standIn.on('POST', '/repos/ops/runners/actions/runs/77/cancel', { status: 202, body: {} });
    const d = dispatcher();
    expect(await d.dispatch({ job, installationId: 1, repositoryId: 2, tokenless: false })).toEqual({ runUrl: 'https://x/77' });
    expect(await d.isLive(job.job_id)).toBe(true);
    expect(await d.isLive('loki-build-o-r-6-ffffffff')).toBe(false);
    expect(await d.cancel(job.job_id)).toBe(true);
  });

  it('refuses a job too large for workflow inputs, naming the fix', async () => {
    const big = { ...job, spec: { source: 'issue' as const, ref: 'o/r#5', title: 't', text: 'x'.repeat(70_000), labels: [] } };
    await expect(dispatcher().dispatch({ job: big, installationId: 1, repositoryId: 2, tokenless: false })).rejects.toThrow(/65535-character limit/);
  });
});
