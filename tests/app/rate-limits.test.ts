import { AppOctokit } from '../../app/probot-octokit.js';
import { afterEach, describe, expect, it } from 'vitest';
import { labeledPayload, SECRET, startHarness, type Harness } from './support/app-harness.js';
import { deliver, waitFor } from './support/webhooks.js';
import { loopbackOnly } from '../support/loopback-only.js';

/**
 * GitHub's rate limits against the App's production Octokit (Probot's, with its throttling and
 * write spacing on): a write answered 403 with `retry-after` (the secondary limit) or with the
 * primary limit used up is sent again only once that time has passed, the delivery is still
 * acknowledged at once, and the work is done once.
 */
let h: Harness;
loopbackOnly();
afterEach(async () => h.close());

const SECONDARY = { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' };

describe('rate limits', () => {
  it('a 403 with retry-after (secondary) and a 403 with the primary limit used up: each write is retried after the wait, never before, and done once', async () => {
    h = await startHarness({ Octokit: AppOctokit });
    const checkRunPosts: number[] = [];
    const commentPosts: number[] = [];
    let resetAt = 0;
    h.gh.standIn.on('POST', /\/check-runs$/, () => {
      checkRunPosts.push(Date.now());
      return checkRunPosts.length === 1 ? { status: 403, headers: { 'retry-after': '2' }, body: SECONDARY } : undefined;
    });
    h.gh.standIn.on('POST', /\/issues\/\d+\/comments$/, () => {
      commentPosts.push(Date.now());
      if (commentPosts.length > 1) return undefined;
      resetAt = Math.ceil(Date.now() / 1000) + 2;
      return { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetAt) }, body: { message: 'API rate limit exceeded for installation ID 42.', documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting' } };
    });
    const ack = await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 7 }) });
    const ackedAt = Date.now();
    expect(ack.status).toBe(200);
    await waitFor('the build to be dispatched', () => h.runs().length > 0, 30_000);
    await (await h.server.app.ready).background.idle();
    // Acknowledged before the first retry was even allowed.
    expect(ackedAt).toBeLessThan(checkRunPosts[0]! + 2_000);
    expect(checkRunPosts).toHaveLength(2);
    expect(checkRunPosts[1]! - checkRunPosts[0]!).toBeGreaterThanOrEqual(2_000);
    expect(commentPosts.length).toBeGreaterThanOrEqual(2);
    expect(commentPosts[1]!).toBeGreaterThanOrEqual(resetAt * 1000 - 1_000);
    expect(h.gh.checkRuns.filter((r) => r.name === 'Loki Build')).toHaveLength(1);
    expect(h.runs()).toHaveLength(1);
  }, 60_000);
});
