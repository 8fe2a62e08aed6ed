import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLokiError } from '../../gates/core/errors.js';
import type { Finding } from '../../gates/evidence/schema.js';
import { CHECK_NAMES, completeCheckRun, conclusionFor, createCheckRun, failCheckRun, updateCheckRun } from '../../github/check-run.js';
import { createGitHubClient, httpStatusOf, type GitHubClient } from '../../github/client.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
import { finding, makeEvidence } from '../support/evidence-fixture.js';
import { loopbackOnly } from '../support/loopback-only.js';

let gh: GitHubStandIn;
let client: GitHubClient;
const RUN = '/repos/octo/demo/check-runs/9';

loopbackOnly();
beforeEach(async () => {
  gh = await startGitHubStandIn();
  gh.on('POST', '/repos/octo/demo/check-runs', { status: 201, body: { id: 9 } });
  gh.on('PATCH', RUN, { status: 200, body: { id: 9 } });
  client = createGitHubClient({ token: 'tok', baseUrl: gh.url, retries: 0, throttle: false });
});
afterEach(() => gh.close());

type Patch = { status?: string; conclusion?: string; actions?: unknown[]; output: { title: string; summary: string; annotations?: Array<{ path: string; start_line: number; annotation_level: string }> } };
const patches = () => gh.find('PATCH', RUN).map((r) => r.body as Patch);

function skipAt(line: number, overrides: Partial<Finding> = {}): Finding {
  return finding({ id: line.toString(16).padStart(16, '0'), gate: 'integrity', rule: 'new-skip', file: 'test/a.test.js', line, ...overrides });
}

describe('conclusionFor', () => {
  it('maps VERIFIED→success, CONCERNS→action_required (never neutral), BLOCKED and ERROR→failure', () => {
    expect(conclusionFor('VERIFIED')).toBe('success');
    expect(conclusionFor('CONCERNS')).toBe('action_required');
    expect(conclusionFor('BLOCKED')).toBe('failure');
    expect(conclusionFor('ERROR')).toBe('failure');
  });
});

describe('createCheckRun', () => {
  it('posts the name, head SHA, status and links, and returns the id GitHub gave', async () => {
    const id = await createCheckRun(client, { owner: 'octo', repo: 'demo', name: CHECK_NAMES.build, headSha: 'c'.repeat(40), status: 'queued', externalId: 'job-1', detailsUrl: 'https://example.test/run' });
    expect(id).toBe(9);
    const [post] = gh.find('POST', '/repos/octo/demo/check-runs');
    expect(post!.body).toEqual({ name: 'Loki Build', head_sha: 'c'.repeat(40), status: 'queued', external_id: 'job-1', details_url: 'https://example.test/run' });
    expect(post!.headers.authorization).toBe('token tok');
  });

  it('an answer without an id is GITHUB_FAILED, not a check run numbered undefined', async () => {
    gh.on('POST', '/repos/octo/demo/check-runs', { status: 201, body: { name: 'x' } });
    await expect(createCheckRun(client, { owner: 'octo', repo: 'demo', name: 'Loki Verify', headSha: 'c'.repeat(40) })).rejects.toMatchObject({ code: 'GITHUB_FAILED' });
  });

  it('a 403 is a LokiError that keeps the status and says which permission to grant', async () => {
    gh.on('POST', '/repos/octo/demo/check-runs', { status: 403, body: { message: 'Resource not accessible by integration' } });
    const error: unknown = await createCheckRun(client, { owner: 'octo', repo: 'demo', name: 'Loki Verify', headSha: 'c'.repeat(40) }).catch((e: unknown) => e);
    expect(isLokiError(error)).toBe(true);
    expect(httpStatusOf(error)).toBe(403);
    expect((error as { fix: string }).fix).toContain('checks: write');
  });

  it('retries a 5xx as many times as the client allows', async () => {
    gh.on('POST', '/repos/octo/demo/check-runs', { status: 502, body: { message: 'Bad Gateway' } });
    const retrying = createGitHubClient({ token: 'tok', baseUrl: gh.url, retries: 1, throttle: false });
    await expect(createCheckRun(retrying, { owner: 'octo', repo: 'demo', name: 'Loki Verify', headSha: 'c'.repeat(40) })).rejects.toMatchObject({ code: 'GITHUB_FAILED' });
    expect(gh.find('POST', '/repos/octo/demo/check-runs')).toHaveLength(2);
  });
});

describe('completeCheckRun', () => {
  it('sends annotations for findings on changed lines in batches of at most 50, the conclusion in the last request', async () => {
    const onChanged = Array.from({ length: 110 }, (_, i) => skipAt(i + 1));
    const preExisting = skipAt(500, { pre_existing: true, blocking: false });
    const offDiff = skipAt(900);
    const unlocated = finding({ id: 'f'.repeat(16), file: undefined, line: undefined });
    const evidence = makeEvidence({ verdict: 'BLOCKED', exit_code: 2, summary: '110 blocking findings', findings: [...onChanged, preExisting, offDiff, unlocated] });
    const changedLines = new Map([['test/a.test.js', new Set([...Array.from({ length: 110 }, (_, i) => i + 1), 500])]]);

    const result = await completeCheckRun(client, { owner: 'octo', repo: 'demo', checkRunId: 9, evidence, report: '# report', changedLines, actions: [{ label: 'Re-run', description: 'Run the gates again', identifier: 'rerun' }] });

    const sent = patches();
    expect(sent.map((p) => p.output.annotations?.length)).toEqual([50, 50, 10]);
    expect(sent.slice(0, 2).every((p) => p.conclusion === undefined && p.status === undefined && p.actions === undefined)).toBe(true);
    expect(sent[2]).toMatchObject({ status: 'completed', conclusion: 'failure', actions: [{ identifier: 'rerun' }] });
    const lines = sent.flatMap((p) => p.output.annotations!.map((a) => a.start_line));
    expect(new Set(lines)).toEqual(new Set(Array.from({ length: 110 }, (_, i) => i + 1)));
    expect(sent.every((p) => p.output.title === 'BLOCKED: 110 blocking findings')).toBe(true);
    expect(result).toEqual({ conclusion: 'failure', annotations: 110, failedBatches: 0 });
  });

  it('levels follow blocking and severity: failure, warning, notice', async () => {
    const evidence = makeEvidence({
      verdict: 'BLOCKED', exit_code: 2, summary: 's',
      findings: [skipAt(3, { severity: 'low', blocking: false }), skipAt(2, { severity: 'medium', blocking: false }), skipAt(1)],
    });
    await completeCheckRun(client, { owner: 'octo', repo: 'demo', checkRunId: 9, evidence, report: 'r' });
    expect(patches()[0]!.output.annotations!.map((a) => [a.start_line, a.annotation_level])).toEqual([[1, 'failure'], [2, 'warning'], [3, 'notice']]);
  });

  it('ERROR completes as failure with the reason in the title', async () => {
    const evidence = makeEvidence({ verdict: 'ERROR', exit_code: 3, summary: 'could not run', gates: [], error: { code: 'SHALLOW_CLONE', message: 'this is a shallow clone', fix: 'fetch-depth: 0' } });
    await completeCheckRun(client, { owner: 'octo', repo: 'demo', checkRunId: 9, evidence, report: 'r' });
    expect(patches()).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'failure', output: expect.objectContaining({ title: 'ERROR: this is a shallow clone' }) })]);
  });

  it('cuts a summary over 65,535 characters and points at the full evidence', async () => {
    const evidence = makeEvidence();
    await completeCheckRun(client, { owner: 'octo', repo: 'demo', checkRunId: 9, evidence, report: 'x'.repeat(70_000), evidenceUrl: 'https://example.test/run/1' });
    const { summary } = patches()[0]!.output;
    expect(summary.length).toBeLessThanOrEqual(65_535);
    expect(summary.length).toBeGreaterThan(65_000);
    expect(summary).toMatch(/Report cut to GitHub's limit.*https:\/\/example\.test\/run\/1/);
  });

  it('a failed annotation batch does not stop the verdict from being sent', async () => {
    let calls = 0;
    gh.on('PATCH', RUN, () => (++calls === 1 ? { status: 422, body: { message: 'Validation Failed' } } : { status: 200, body: { id: 9 } }));
    const evidence = makeEvidence({ verdict: 'BLOCKED', exit_code: 2, summary: 's', findings: Array.from({ length: 60 }, (_, i) => skipAt(i + 1)) });
    const result = await completeCheckRun(client, { owner: 'octo', repo: 'demo', checkRunId: 9, evidence, report: 'r' });
    expect(patches()).toHaveLength(2);
    expect(patches()[1]).toMatchObject({ conclusion: 'failure' });
    expect(result).toEqual({ conclusion: 'failure', annotations: 10, failedBatches: 1 });
  });
});

describe('updateCheckRun', () => {
  it('patches the title and summary of a running check run', async () => {
    await updateCheckRun(client, { owner: 'octo', repo: 'demo', checkRunId: 9, status: 'in_progress', title: 'iteration 2 of 8', summary: 'building', text: 'details' });
    expect(patches()).toEqual([{ status: 'in_progress', output: { title: 'iteration 2 of 8', summary: 'building', text: 'details' } }]);
  });
});

describe('failCheckRun', () => {
  it('completes a check run as failure with the reason and the fix when there is no evidence', async () => {
    await failCheckRun(client, { owner: 'octo', repo: 'demo', checkRunId: 9, reason: 'the runner crashed', fix: 're-run the job' });
    const [sent] = patches();
    expect(sent).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'ERROR: the runner crashed' } });
    expect(sent!.output.summary).toContain('**Fix:** re-run the job');
  });
});

describe('createGitHubClient', () => {
  it('refuses an empty token with the fix', () => {
    expect(() => createGitHubClient({ token: ' ' })).toThrow(/no GitHub token/);
  });
});
