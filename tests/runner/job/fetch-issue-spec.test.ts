import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../../github/client.js';
import { fetchIssueSpec } from '../../../runner/job/fetch-issue-spec.js';
import { startGitHubStandIn, type GitHubStandIn } from '../../support/github-stand-in.js';
import { loopbackOnly } from '../../support/loopback-only.js';

loopbackOnly();

describe('fetchIssueSpec (loki build owner/repo#N)', () => {
  let gh: GitHubStandIn;
  beforeEach(async () => {
    gh = await startGitHubStandIn();
  });
  afterEach(() => gh.close());

  it('reads the title, body and labels of the issue as the spec', async () => {
    gh.on('GET', '/repos/acme/calc/issues/12', { body: { title: 'Add multiply', body: 'Please add it.<!-- hidden -->', labels: [{ name: 'loki:build' }, 'bug'] } });
    const spec = await fetchIssueSpec(createGitHubClient({ token: 't', baseUrl: gh.url, retries: 0 }), 'acme', 'calc', 12);
    // As received: sanitising happens in the runner, right before an agent sees it.
    expect(spec).toEqual({ source: 'issue', ref: 'acme/calc#12', title: 'Add multiply', text: 'Please add it.<!-- hidden -->', labels: ['loki:build', 'bug'] });
  });

  it('a missing issue is SPEC_NOT_FOUND with the fix', async () => {
    await expect(fetchIssueSpec(createGitHubClient({ token: 't', baseUrl: gh.url, retries: 0 }), 'acme', 'calc', 99)).rejects.toMatchObject({ code: 'SPEC_NOT_FOUND', fix: expect.stringMatching(/token/) });
  });
});
