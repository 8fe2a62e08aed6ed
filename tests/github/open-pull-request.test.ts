import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../github/client.js';
import { openOrUpdatePullRequest } from '../../github/open-pull-request.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
import { loopbackOnly } from '../support/loopback-only.js';

loopbackOnly();

describe('openOrUpdatePullRequest', () => {
  let gh: GitHubStandIn;
  beforeEach(async () => {
    gh = await startGitHubStandIn();
  });
  afterEach(() => gh.close());
  const client = () => createGitHubClient({ token: 't', baseUrl: gh.url, retries: 0 });
  const options = { owner: 'o', repo: 'r', head: 'loki/issue-4', base: 'main', title: 'Add it', body: 'Closes #4' };

  it('opens a PR when the branch has none', async () => {
    gh.on('GET', '/repos/o/r/pulls', { body: [] });
    gh.on('POST', '/repos/o/r/pulls', { status: 201, body: { number: 12, html_url: 'http://x/pull/12' } });
    expect(await openOrUpdatePullRequest(client(), options)).toEqual({ number: 12, url: 'http://x/pull/12', created: true });
    expect(gh.find('GET', '/repos/o/r/pulls')[0]?.query.get('head')).toBe('o:loki/issue-4');
    expect(gh.find('POST', '/repos/o/r/pulls')[0]?.body).toMatchObject({ head: 'loki/issue-4', base: 'main', body: 'Closes #4' });
  });

  it('updates the open PR of the branch instead of opening a second one', async () => {
    gh.on('GET', '/repos/o/r/pulls', { body: [{ number: 9, html_url: 'http://x/pull/9' }] });
    gh.on('PATCH', '/repos/o/r/pulls/9', { body: { number: 9, html_url: 'http://x/pull/9' } });
    expect(await openOrUpdatePullRequest(client(), options)).toEqual({ number: 9, url: 'http://x/pull/9', created: false });
    expect(gh.find('POST', '/repos/o/r/pulls')).toHaveLength(0);
  });
});
