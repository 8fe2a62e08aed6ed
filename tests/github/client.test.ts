import nock from 'nock';
import type { ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient, httpStatusOf, type GitHubClient } from '../../github/client.js';
import { pageOf, startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
import { loopbackOnly } from '../support/loopback-only.js';

// Compile-time: the App hands Probot's context.octokit to the same reporting functions.
export const probotFits = (octokit: InstanceType<typeof ProbotOctokit>): GitHubClient => octokit;

let gh: GitHubStandIn;
loopbackOnly();
beforeEach(async () => {
  gh = await startGitHubStandIn();
});
afterEach(() => gh.close());

describe('createGitHubClient', () => {
  it('sends requests to the given API root (trailing slash or not) with the token', async () => {
    gh.on('GET', '/api/v3/repos/octo/demo', { body: { full_name: 'octo/demo' } });
    const client = createGitHubClient({ token: 'tok', baseUrl: `${gh.url}/api/v3/`, throttle: false });
    const response = await client.request('GET /repos/{owner}/{repo}', { owner: 'octo', repo: 'demo' });
    expect(response).toMatchObject({ status: 200, data: { full_name: 'octo/demo' } });
    expect(gh.requests[0]!.headers.authorization).toBe('token tok');
    expect(gh.requests[0]!.headers['user-agent']).toMatch(/^loki/);
  });

  it('does not retry a 4xx, and the status of a failure can be read back', async () => {
    gh.on('GET', '/repos/octo/demo', { status: 404, body: { message: 'Not Found' } });
    const client = createGitHubClient({ token: 'tok', baseUrl: gh.url, retries: 3, throttle: false });
    const error: unknown = await client.request('GET /repos/{owner}/{repo}', { owner: 'octo', repo: 'demo' }).catch((e: unknown) => e);
    expect(httpStatusOf(error)).toBe(404);
    expect(gh.requests).toHaveLength(1);
  });

  it('spaces write requests by default, as GitHub asks of content-creating calls', async () => {
    gh.on('POST', '/repos/octo/demo/issues/1/comments', { status: 201, body: { id: 1 } });
    const client = createGitHubClient({ token: 'tok', baseUrl: gh.url });
    const started = Date.now();
    for (let i = 0; i < 2; i++) await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'octo', repo: 'demo', issue_number: 1, body: 'x' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('reads a renewable token before every request: one client, the token renewed under it', async () => {
    gh.on('GET', '/rate_limit', { body: {} });
    let token: string | undefined = 'ghs_first';
    const client = createGitHubClient({ token: () => token, baseUrl: gh.url, throttle: false });
    await client.request('GET /rate_limit');
    token = 'ghs_renewed';
    await client.request('GET /rate_limit');
    expect(gh.requests.map((r) => r.headers.authorization)).toEqual(['token ghs_first', 'token ghs_renewed']);
    token = undefined;
    await expect(client.request('GET /rate_limit')).rejects.toMatchObject({ code: 'GITHUB_FAILED', fix: expect.stringMatching(/LOKI_GITHUB_TOKEN_FILE/) });
    expect(gh.requests).toHaveLength(2);
  });

  it('paginates a list to its last page by the Link header, namespaced lists included', async () => {
    const runs = Array.from({ length: 150 }, (_, i) => ({ id: i + 1 }));
    gh.on('GET', '/repos/octo/demo/commits/main/check-runs', (r) => pageOf(r, runs, 'check_runs'));
    const client = createGitHubClient({ token: 'tok', baseUrl: gh.url, throttle: false });
    const all = await client.paginate('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { owner: 'octo', repo: 'demo', ref: 'main', per_page: 100 });
    expect(all).toHaveLength(150);
    expect(all.at(-1)).toEqual({ id: 150 });
    expect(gh.requests).toHaveLength(2);
  });
});
