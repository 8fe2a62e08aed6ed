import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { STATUS_MARKER } from '../../github/status-comment.js';
import { revParse } from './support/fake-github.js';
import { commentPayload, labeledPayload, pullPayload, SECRET, startHarness, type Harness } from './support/app-harness.js';
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

const buildRuns = () => h.gh.checkRuns.filter((r) => r.name === 'Loki Build');
const sticky = (n: number) => h.gh.comments.filter((c) => c.issue_number === n && c.body.includes(STATUS_MARKER));

describe('the Loki App over signed webhooks', () => {
  it('answers /healthz with 200 once ready, naming the sandbox that runs repository code', async () => {
    const response = await fetch(`${h.server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', sandbox: 'bwrap' });
  });

  it('rejects a delivery with a bad signature and does nothing', async () => {
    const before = h.gh.standIn.requests.length;
    const result = await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 1 }), signature: `sha256=${'0'.repeat(64)}` });
    expect(result.status).toBeGreaterThanOrEqual(400);
    await h.server.app.ready.then((s) => s.background.idle());
    expect(h.gh.standIn.requests.length).toBe(before);
    expect(h.runs()).toHaveLength(0);
  });

  it('label by a writer → 👀, one sticky plan comment, a Loki Build check run and a dispatched job with a scoped 0600 token file', async () => {
    const result = await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 7 }) });
    expect(result.status).toBe(200);
    const run = await waitFor('the runner to complete the check run', () => buildRuns().find((r) => r.status === 'completed'));
    expect(run.conclusion).toBe('success');
    expect(run.head_sha).toBe(revParse(h.gh.barePath, 'refs/heads/main'));
    expect(h.gh.reactions).toEqual([{ issue_number: 7, content: 'eyes' }]);
    expect(sticky(7)).toHaveLength(1);
    expect(sticky(7)[0]?.body).toMatch(/Cost estimate: \$\d+\.\d\d–\$\d+\.\d\d/);
    const [started] = h.runs();
    expect(started?.job).toMatchObject({ kind: 'build', issue_number: 7, check_run_id: run.id, status_comment_id: sticky(7)[0]?.id, base_ref: 'main', spec: { source: 'issue', ref: 'octo-org/widgets#7' } });
    expect(started?.job.repo).toMatchObject({ clone_url: h.gh.barePath, api_url: h.gh.apiUrl });
    expect(started?.tokenFileMode).toBe('600');
    expect(started?.token).toMatch(/^ghs_fake\d+$/);
    expect(JSON.stringify(started?.job)).not.toContain('ghs_');
    // The App's own secrets and unrelated tokens never reach the runner.
    for (const name of ['PRIVATE_KEY', 'WEBHOOK_SECRET', 'APP_ID', 'SOME_SERVICE_TOKEN']) expect(started?.envNames).not.toContain(name);
    const minted = h.gh.tokens.map((t) => t.body).find((b) => (b as { repository_ids?: number[] } | undefined)?.repository_ids);
    expect(minted).toMatchObject({ repository_ids: [h.gh.repoId], permissions: { contents: 'write', pull_requests: 'write', checks: 'write' } });
  });

  it('a redelivery of the same delivery id does nothing more', async () => {
    const payload = labeledPayload(h, { number: 8 });
    const first = await deliver(h.server.url, SECRET, { event: 'issues', payload });
    await waitFor('the build to finish', () => buildRuns().find((r) => r.status === 'completed'));
    const again = await deliver(h.server.url, SECRET, { event: 'issues', payload, id: first.id });
    expect(again.status).toBe(200);
    await (await h.server.app.ready).background.idle();
    expect(buildRuns()).toHaveLength(1);
    expect(h.gh.reactions).toHaveLength(1);
    expect(h.runs()).toHaveLength(1);
  });

  it("a read-only user's label builds nothing and gets one polite explanation", async () => {
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 9, sender: 'reader' }) });
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 9, sender: 'reader' }) });
    await (await h.server.app.ready).background.idle();
    expect(h.gh.checkRuns).toHaveLength(0);
    expect(h.gh.reactions).toHaveLength(0);
    expect(h.runs()).toHaveLength(0);
    const replies = h.gh.comments.filter((c) => c.issue_number === 9);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain('`read` role');
  });

  it('refuses a Bot account unless allowlisted, judging by account type', async () => {
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 10, sender: 'helper', senderType: 'Bot' }) });
    await (await h.server.app.ready).background.idle();
    expect(h.gh.checkRuns).toHaveLength(0);
    expect(h.gh.comments.find((c) => c.issue_number === 10)?.body).toContain('is a bot');
    // A permission lookup is never made for a bot: write access of a same-named user would not count.
    expect(h.gh.standIn.find('GET', /collaborators\/helper\/permission/)).toHaveLength(0);
  });

  it('an invalid .github/loki.yml gets a comment naming the key, and nothing runs', async () => {
    h.gh.config = { build: { max_iterationz: 3 } };
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 11 }) });
    await (await h.server.app.ready).background.idle();
    const comment = h.gh.comments.find((c) => c.issue_number === 11);
    expect(comment?.body).toContain('build.max_iterationz');
    expect(comment?.body).toContain('nothing was run');
    expect(h.gh.checkRuns).toHaveLength(0);
    expect(h.runs()).toHaveLength(0);
  });

  it('ignores labels other than the configured trigger label', async () => {
    h.gh.config = { app: { trigger_label: 'build-me' } };
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 12, label: 'loki:build' }) });
    await (await h.server.app.ready).background.idle();
    expect(h.gh.checkRuns).toHaveLength(0);
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 12, label: 'build-me' }) });
    await waitFor('a build check run', () => buildRuns().length === 1);
  });

  it('one active build per issue: a second trigger reports the running one; `/loki stop` cancels it', async () => {
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 13, title: 'Slow one [sleep]' }) });
    await waitFor('the runner to start', () => h.runs().length === 1);
    await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 13, body: '/loki build\nplease' }) });
    await (await h.server.app.ready).background.idle();
    expect(buildRuns()).toHaveLength(1);
    expect(h.gh.comments.some((c) => c.issue_number === 13 && c.body.includes('already running'))).toBe(true);

    await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 13, body: '/loki stop' }) });
    const run = await waitFor('the check run to be cancelled', () => buildRuns().find((r) => r.status === 'completed'));
    expect(run.conclusion).toBe('cancelled');
    await (await h.server.app.ready).background.idle();
    expect(h.gh.comments.some((c) => c.issue_number === 13 && c.body.includes('Cancelled at the request of @writer'))).toBe(true);
    expect(sticky(13)[0]?.body).toContain('Cancelled');
    expect(await (await h.server.app.ready).dispatcher.isLive(run.external_id ?? '')).toBe(false);
  });

  it('removing the trigger label cancels the build', async () => {
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 14, title: 'Slow [sleep]' }) });
    await waitFor('the runner to start', () => h.runs().length === 1);
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 14, title: 'Slow [sleep]', action: 'unlabeled' }) });
    const run = await waitFor('the check run to be cancelled', () => buildRuns().find((r) => r.status === 'completed'));
    expect(run.conclusion).toBe('cancelled');
  });

  for (const how of ['/loki stop', 'removing the label'] as const) {
    it(`${how} while the build is still being set up: it is never dispatched, its check run ends cancelled, the status comment says so`, async () => {
      // Hold the App in the middle of the set-up (after the check run, before the status comment and the dispatch).
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      h.gh.standIn.on('GET', /\/git\/trees\//, async () => {
        await held;
        return { body: { tree: [{ path: 'package.json', type: 'blob', size: 100 }], truncated: false } };
      });
      await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 21 }) });
      await waitFor('the set-up to reach the held request', () => h.gh.standIn.find('GET', /\/git\/trees\//).length > 0);
      const stop = how === '/loki stop'
        ? commentPayload(h, { number: 21, body: '/loki stop' })
        : labeledPayload(h, { number: 21, action: 'unlabeled' });
      const configReads = () => h.gh.standIn.find('GET', /\/contents\//).length;
      const readsBefore = configReads();
      await deliver(h.server.url, SECRET, { event: how === '/loki stop' ? 'issue_comment' : 'issues', payload: stop });
      // The stop reads the config, then waits for the set-up; once the set-up goes on, it must end the build instead of dispatching it.
      await waitFor('the stop to be handled', () => configReads() > readsBefore);
      await new Promise((r) => setTimeout(r, 200));
      release();
      const run = await waitFor('the check run to be cancelled', () => buildRuns().find((r) => r.status === 'completed'));
      expect(run.conclusion).toBe('cancelled');
      await (await h.server.app.ready).background.idle();
      expect(h.runs()).toHaveLength(0);
      expect(await (await h.server.app.ready).dispatcher.isLive(run.external_id ?? '')).toBe(false);
      expect(sticky(21).at(-1)?.body).toContain('Cancelled');
      if (how === '/loki stop') {
        expect(h.gh.comments.some((c) => c.issue_number === 21 && c.body.includes('Cancelled at the request of @writer'))).toBe(true);
        expect(h.gh.comments.some((c) => c.body.includes('Nothing is running'))).toBe(false);
      }
      // The issue is free again: a new label starts a new build.
      await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 21 }) });
      await waitFor('a second build to start', () => h.runs().length === 1);
    });
  }

  it('a runner that dies without reporting leaves a failed check run with a Retry button and the reason in the status comment', async () => {
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 15, title: 'Breaks [crash]' }) });
    const run = await waitFor('the check run to fail', () => buildRuns().find((r) => r.status === 'completed'));
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('something broke');
    const last = run.updates.at(-1) as { actions?: Array<{ identifier: string }> };
    expect(last.actions?.[0]?.identifier).toBe('retry');
    await waitFor('the status comment to say so', () => sticky(15)[0]?.body.includes('stopped without a result'));
  });

  it('a pull request gets a queued Loki Verify check run and a verify job; a fork PR job gets no token', async () => {
    const sha = revParse(h.gh.barePath, 'refs/heads/main') ?? '';
    await deliver(h.server.url, SECRET, { event: 'pull_request', payload: pullPayload(h, { number: 21, headSha: sha }) });
    await waitFor('the verify job', () => h.runs().length === 1);
    const verify = h.gh.checkRuns.find((r) => r.name === 'Loki Verify');
    expect(verify?.updates[0]).toMatchObject({ status: 'queued', head_sha: sha });
    expect(h.runs()[0]?.job).toMatchObject({ kind: 'verify', head_sha: sha, pr_number: 21, check_run_id: verify?.id });
    expect(h.runs()[0]?.token).toMatch(/^ghs_/);

    await deliver(h.server.url, SECRET, { event: 'pull_request', payload: pullPayload(h, { number: 22, headSha: sha, fork: true }) });
    await waitFor('the fork verify job', () => h.runs().length === 2);
    const fork = h.runs()[1];
    expect(fork?.token).toBeNull();
    expect(fork?.envNames.some((n) => /TOKEN|SECRET|KEY/.test(n))).toBe(false);
    // The tokenless job cannot report: the App completes its check run from the evidence it wrote.
    const forkRun = await waitFor('the fork check run to complete', () => h.gh.checkRuns.find((r) => r.name === 'Loki Verify' && r.id !== verify?.id && r.status === 'completed'));
    expect(forkRun.conclusion).toBe('failure');
    expect(forkRun.output.title).toMatch(/BLOCKED/);

    // A fork job that leaves no evidence fails, even with exit code 0.
    await deliver(h.server.url, SECRET, { event: 'pull_request', payload: pullPayload(h, { number: 23, headSha: sha, fork: true }) });
    const bare = await waitFor('the evidence-less fork check run', () => h.gh.checkRuns.find((r) => r.name === 'Loki Verify' && r.id !== verify?.id && r.id !== forkRun.id && r.status === 'completed'));
    expect(bare.conclusion).toBe('failure');
    expect(bare.output.summary).toContain('no valid evidence.json');
  });

  it('answers `/loki help`, and explains an unknown command', async () => {
    h.gh.issues.set(30, { number: 30, title: 't', body: '', labels: [], state: 'open' });
    await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 30, body: '/loki help' }) });
    await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 30, body: '/loki deploy-prod; rm -rf /' }) });
    await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 30, body: 'thanks!\n/loki build' }) });
    await (await h.server.app.ready).background.idle();
    const replies = h.gh.comments.filter((c) => c.issue_number === 30).map((c) => c.body);
    expect(replies).toHaveLength(2);
    expect(replies[0]).toContain('/loki grill');
    expect(replies[1]).toContain('`deploy-prod;` is not a Loki command');
    expect(h.gh.checkRuns).toHaveLength(0);
  });

  it('`/loki plan` answers with an estimate from the issue', async () => {
    labeledPayload(h, { number: 31 });
    await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 31, body: '/loki plan' }) });
    await (await h.server.app.ready).background.idle();
    const reply = h.gh.comments.find((c) => c.issue_number === 31);
    expect(reply?.body).toMatch(/## Loki plan — [\s\S]*\| cost \(claude\) \| \$/);
  });
});
