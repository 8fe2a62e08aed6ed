import nock from 'nock';
import type { ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient, httpStatusOf, type GitHubClient } from '../../github/client.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
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
});
