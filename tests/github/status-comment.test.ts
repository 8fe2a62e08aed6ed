import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../github/client.js';
import { renderStatusComment, STATUS_MARKER, upsertStatusComment } from '../../github/status-comment.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
import { loopbackOnly } from '../support/loopback-only.js';

loopbackOnly();

describe('renderStatusComment', () => {
  it('carries the hidden marker and the build facts', () => {
    const body = renderStatusComment({ status: 'running', message: 'Verifying.', phase: 'verify', iteration: 2, maxIterations: 8, costUsd: 0.5, budgetUsd: 10, branch: 'loki/issue-3', gates: [{ id: 'tests', status: 'pass' }], jobId: 'j1' });
    expect(body.startsWith(STATUS_MARKER)).toBe(true);
    expect(body).toContain('Loki build: running');
    expect(body).toContain('iteration **2/8**');
    expect(body).toContain('spend **$0.50** of $10.00');
    expect(body).toContain('`tests` pass');
    expect(body).toContain('Branch: `loki/issue-3`');
  });
});

describe('upsertStatusComment against a local GitHub stand-in', () => {
  let gh: GitHubStandIn;
  beforeEach(async () => {
    gh = await startGitHubStandIn();
  });
  afterEach(() => gh.close());
  const client = () => createGitHubClient({ token: 't0k3n', baseUrl: gh.url, retries: 0 });

  it('edits the comment that carries the marker instead of adding one', async () => {
    gh.on('GET', '/repos/o/r/issues/5/comments', { body: [
      { id: 1, body: 'hello', user: { type: 'User' } },
      // A user quoting the marker does not make their comment Loki's.
      { id: 2, body: `${STATUS_MARKER} copied`, user: { type: 'User' } },
      { id: 99, body: `${STATUS_MARKER}\nold`, user: { type: 'Bot' } },
    ] });
    gh.on('PATCH', '/repos/o/r/issues/comments/99', { body: { id: 99 } });
    const id = await upsertStatusComment(client(), { owner: 'o', repo: 'r', issue_number: 5, body: renderStatusComment({ status: 'done', message: 'Done.' }) });
    expect(id).toBe(99);
    expect(gh.find('POST', /comments/)).toHaveLength(0);
    expect((gh.find('PATCH', '/repos/o/r/issues/comments/99')[0]?.body as { body: string }).body).toContain('Loki build: done');
  });

  it('creates the comment when there is none, and re-creates it when the known one was deleted', async () => {
    gh.on('GET', '/repos/o/r/issues/5/comments', { body: [] });
    gh.on('POST', '/repos/o/r/issues/5/comments', { status: 201, body: { id: 7 } });
    expect(await upsertStatusComment(client(), { owner: 'o', repo: 'r', issue_number: 5, body: 'plain' })).toBe(7);
    expect((gh.find('POST', '/repos/o/r/issues/5/comments')[0]?.body as { body: string }).body.startsWith(STATUS_MARKER)).toBe(true);

    gh.on('PATCH', '/repos/o/r/issues/comments/3', { status: 404, body: { message: 'Not Found' } });
    expect(await upsertStatusComment(client(), { owner: 'o', repo: 'r', issue_number: 5, body: 'x', commentId: 3 })).toBe(7);
  });

  it('a refused request is a GITHUB_FAILED error with the fix', async () => {
    gh.on('GET', '/repos/o/r/issues/5/comments', { status: 403, body: { message: 'Resource not accessible by integration' } });
    await expect(upsertStatusComment(client(), { owner: 'o', repo: 'r', issue_number: 5, body: 'x' })).rejects.toMatchObject({ code: 'GITHUB_FAILED', fix: expect.stringMatching(/issues: write/) });
  });
});
