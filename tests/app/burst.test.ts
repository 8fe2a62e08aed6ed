import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackOnly } from '../support/loopback-only.js';
import { BURST_PLAN, buildRuns, installationOfStart, queuedAt, requestsBeforeRetryAfter, runBurst, startsOf, type BurstRun } from './support/burst.js';

/**
 * The App at scale: 100 issues labelled within seconds across 5 repositories in 2 installations
 * (installation 42's 80 issues first, then installation 77's 20 once 10 of 42's builds wait for a
 * runner), with GitHub answering some of the App's writes with its secondary rate limit (403,
 * `retry-after`). Orders and counts, not speeds: the only clock bounds are GitHub's own (10 s to
 * acknowledge, `retry-after`).
 */
let run: BurstRun;
loopbackOnly();
beforeAll(async () => {
  run = await runBurst(BURST_PLAN);
}, 150_000);
afterAll(async () => run?.close());

const FIRST = BURST_PLAN.installations[0]!.id;
const LAST = BURST_PLAN.installations[1]!.id;

describe('a burst of 100 labelled issues', () => {
  it('was a burst: 100 deliveries, 5 repositories, 2 installations, all sent within 10 s', () => {
    expect(run.deliveries).toHaveLength(100);
    expect(new Set(run.issues.map((i) => `${i.repository.owner}/${i.repository.repo}`)).size).toBe(5);
    expect(new Set(run.issues.map((i) => i.installationId))).toEqual(new Set([FIRST, LAST]));
    const sent = run.deliveries.map((d) => d.sentAt);
    expect(Math.max(...sent) - Math.min(...sent)).toBeLessThan(10_000);
  });

  it('every delivery is acknowledged with a 2xx within 10 s of being sent', () => {
    const late = run.deliveries.filter((d) => d.status < 200 || d.status >= 300 || d.ackedAt - d.sentAt > 10_000);
    expect(late.map((d) => `${d.id}: ${d.status} after ${d.ackedAt - d.sentAt} ms`)).toEqual([]);
  });

  it('every issue is built exactly once: one Loki Build check run, completed, one build started, one pull request', () => {
    const wrong = run.issues.flatMap((issue) => {
      const name = `${issue.repository.repo}#${issue.number}`;
      const checks = buildRuns(issue);
      const pulls = issue.repository.pulls.filter((p) => p.head === `loki/issue-${issue.number}`);
      const problems = [
        checks.length !== 1 && `${checks.length} Loki Build check runs`,
        checks.some((c) => c.conclusion !== 'success') && 'a check run not successful',
        startsOf(run, issue).length !== 1 && `${startsOf(run, issue).length} builds started`,
        pulls.length !== 1 && `${pulls.length} pull requests`,
        pulls.some((p) => !p.body.includes(`Closes #${issue.number}`)) && 'a pull request that does not close it',
      ].filter(Boolean);
      return problems.length ? [`${name}: ${problems.join(', ')}`] : [];
    });
    expect(wrong).toEqual([]);
    expect(run.starts).toHaveLength(100);
  });

  it('the installation whose deliveries came last does not wait behind the other one’s backlog', () => {
    // Its first build, and the other installation's builds that were already waiting for a runner
    // when it joined the queue: round-robin lets it go first; a first-come queue would run them all before it.
    const firstOfLast = run.starts.find((s) => installationOfStart(run, s) === LAST)!;
    const issueOf = (start: typeof firstOfLast) => run.issues.find((i) => startsOf({ starts: [start] }, i).length > 0)!;
    const joined = queuedAt(run, issueOf(firstOfLast))!;
    const waitingBefore = run.starts.filter((s) => installationOfStart(run, s) === FIRST && queuedAt(run, issueOf(s))! < joined && s.startedAt > firstOfLast.startedAt);
    // A first-come queue gives 0 here (give or take one start's jitter); round-robin gives the backlog.
    expect(waitingBefore.length, 'builds of the first installation queued before the last one’s first build, started after it').toBeGreaterThanOrEqual(3);
    const lastOfFirst = run.starts.filter((s) => installationOfStart(run, s) === FIRST).at(-1)!;
    expect(firstOfLast.startedAt).toBeLessThan(lastOfFirst.startedAt);
  });

  it('GitHub’s secondary rate limit was hit, and no request of that installation came before its retry-after', () => {
    expect(run.limits.filter((l) => l.installationId === FIRST).length).toBeGreaterThanOrEqual(2);
    expect(run.limits.filter((l) => l.installationId === LAST).length).toBeGreaterThanOrEqual(1);
    // 250 ms: requests already on the wire when the 403 left (the App and this stand-in share one event loop).
    const early = requestsBeforeRetryAfter(run, 250).map(({ limit, request }) => `${request.method} ${request.path} ${request.at - limit.at} ms after a ${limit.retryAfterMs / 1000} s retry-after on ${limit.method} ${limit.path}`);
    expect(early).toEqual([]);
    // And each limited write was sent again, after its wait: every 403 is followed by the same request.
    for (const limit of run.limits) {
      // The same request: another lease's tree has the same path, and may have been on the wire already.
      const again = run.appRequests.find((r) => r.method === limit.method && r.path === limit.path && r.at > limit.at && JSON.stringify(r.body) === JSON.stringify(limit.body));
      expect(again, `${limit.method} ${limit.path} sent again`).toBeDefined();
      expect(again!.at - limit.at).toBeGreaterThanOrEqual(limit.retryAfterMs);
    }
  });
});
