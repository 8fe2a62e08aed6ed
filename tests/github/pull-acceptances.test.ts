import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../github/client.js';
import { readPullAcceptances } from '../../github/pull-acceptances.js';
import { pageOf, startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
import { loopbackOnly } from '../support/loopback-only.js';

loopbackOnly();
const ref = { owner: 'o', repo: 'r' };
const ROLES: Record<string, string> = { maintainer: 'write', boss: 'admin', visitor: 'read', helper: 'triage' };

describe('readPullAcceptances', () => {
  let gh: GitHubStandIn;
  beforeEach(async () => {
    gh = await startGitHubStandIn();
    gh.on('GET', /^\/repos\/o\/r\/collaborators\/([^/]+)\/permission$/, (_r, m) => {
      const role = ROLES[m[1]!];
      return role ? { body: { permission: role === 'triage' ? 'read' : role, role_name: role } } : { status: 404, body: { message: 'Not Found' } };
    });
  });
  afterEach(() => gh.close());
  const client = () => createGitHubClient({ token: 't0k3n', baseUrl: gh.url, retries: 0, throttle: false });
  const comment = (login: string, body: string, type = 'User', id = Math.floor(Math.random() * 1e6)) => ({ body, html_url: `https://github.test/o/r/pull/3#issuecomment-${id}`, user: { login, type } });

  it('counts the first-line `/loki accept` comments of people with write access, over every page, and refuses the others with why', async () => {
    const filler = Array.from({ length: 120 }, (_, i) => comment('visitor', `looks good ${i}`));
    gh.on('GET', '/repos/o/r/issues/3/comments', (r) =>
      pageOf(r, [
        ...filler,
        comment('maintainer', '/loki accept test-deleted test/helper.test.js the helper is gone'),
        comment('boss', '/loki accept assertion-weakened'),
        comment('visitor', '/loki accept test-deleted test/math.test.js'),
        comment('helper', '/loki accept test-deleted test/math.test.js'),
        comment('loki-bot', '/loki accept test-deleted test/x.test.js', 'Bot'),
        comment('maintainer', '/loki accept'),
        comment('maintainer', '/loki accept Test-Deleted!'),
        comment('maintainer', 'thanks!\n/loki accept test-deleted test/y.test.js'),
      ]),
    );
    const read = await readPullAcceptances(client(), ref, { number: 3, fromFork: false });
    expect(read.comments).toEqual([
      expect.objectContaining({ rule: 'test-deleted', file: 'test/helper.test.js', why: 'the helper is gone', by: '@maintainer (write)' }),
      expect.objectContaining({ rule: 'assertion-weakened', by: '@boss (admin)' }),
    ]);
    expect(read.comments[1]).not.toHaveProperty('file');
    expect(read.comments[0]?.comment_url).toContain('issuecomment-');
    expect(read.refused.map((r) => r.reason)).toEqual([
      expect.stringContaining('the `read` role'),
      expect.stringContaining('the `triage` role'),
      expect.stringContaining('the `none` role'),
      expect.stringContaining("does not name a finding's rule"),
      expect.stringContaining("does not name a finding's rule"),
    ]);
    // A branch of the repository itself: every trailer counts, the commits are not even read.
    expect(read.trusted_commits).toBeUndefined();
    expect(gh.find('GET', '/repos/o/r/pulls/3/commits')).toHaveLength(0);
    // One permission request per person, however many comments they wrote.
    expect(gh.find('GET', '/repos/o/r/collaborators/visitor/permission')).toHaveLength(1);
  });

  it("attack: a fork's commit that names a maintainer as its author counts only when GitHub verified its signature", async () => {
    gh.on('GET', '/repos/o/r/issues/3/comments', (r) => pageOf(r, []));
    const commit = (sha: string, login: string, verified: boolean, message = 'Drop tests\n\nLoki-Accept: test-deleted test/a.test.js') => ({ sha: sha.repeat(40), commit: { message, verification: { verified } }, author: { login, type: 'User' } });
    gh.on('GET', '/repos/o/r/pulls/3/commits', (r) => pageOf(r, [commit('a', 'maintainer', false), commit('b', 'maintainer', true), commit('c', 'visitor', true), commit('d', 'maintainer', true, 'no trailer')]));
    const read = await readPullAcceptances(client(), ref, { number: 3, fromFork: true });
    expect(read.trusted_commits).toEqual(['b'.repeat(40)]);
  });

  it('when GitHub cannot be read, nothing is accepted and the evidence will say why', async () => {
    gh.on('GET', '/repos/o/r/issues/3/comments', { status: 500, body: { message: 'boom' } });
    const read = await readPullAcceptances(client(), ref, { number: 3, fromFork: false });
    expect(read.comments).toEqual([]);
    expect(read.trusted_commits).toEqual([]);
    expect(read.refused[0]?.reason).toContain('could not read who wrote them');
  });
});
