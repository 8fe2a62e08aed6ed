import { afterEach, describe, expect, it } from 'vitest';
import { labeledPayload, SECRET, startHarness, type Harness } from './support/app-harness.js';
import { deliver, waitFor } from './support/webhooks.js';
import { loopbackOnly } from '../support/loopback-only.js';

/**
 * Two replicas of the App (same App id and key, their own replica ids and state folders) behind a
 * load balancer that sends both every delivery: what keeps them from building twice is GitHub's
 * state (the job lease, the Loki Build check run named by the delivery), not either one's memory.
 */
let h: Harness;
loopbackOnly();
afterEach(async () => h.close());

describe('two replicas receiving the same deliveries', () => {
  it('10 labelled issues: each gets exactly one Loki Build check run and one build, none runs twice', async () => {
    h = await startHarness({ extraEnv: { LOKI_REPLICA_ID: 'replica-a', LOKI_CONCURRENCY: '4' } });
    const b = await h.startReplica({ LOKI_REPLICA_ID: 'replica-b' });
    const numbers = Array.from({ length: 10 }, (_, i) => 60 + i);
    const deliveries = numbers.map((number) => ({ id: `delivery-${number}`, event: 'issues', payload: labeledPayload(h, { number }) }));
    // Both replicas get every delivery, in the two orders a load balancer and a redelivery can give.
    const acks = await Promise.all(deliveries.flatMap((d, i) => (i % 2 ? [deliver(h.server.url, SECRET, d), deliver(b.url, SECRET, d)] : [deliver(b.url, SECRET, d), deliver(h.server.url, SECRET, d)])));
    expect(acks.every((a) => a.status === 200)).toBe(true);
    await waitFor('every build to complete', () => numbers.every((n) => h.gh.checkRuns.some((r) => r.name === 'Loki Build' && r.external_id?.includes(`-${n}-`) && r.status === 'completed')), 30_000);
    // A late copy of a delivery (after its build ended and its lease was released) builds nothing either.
    await Promise.all([deliver(h.server.url, SECRET, deliveries[0]!), deliver(b.url, SECRET, deliveries[0]!)]);
    await Promise.all([(await h.server.app.ready).background.idle(), (await b.app.ready).background.idle()]);
    for (const n of numbers) {
      expect(h.gh.checkRuns.filter((r) => r.name === 'Loki Build' && r.external_id?.includes(`-${n}-`)), `issue #${n}`).toHaveLength(1);
      expect(h.runs().filter((r) => (r.job as { issue_number?: number }).issue_number === n), `runs of #${n}`).toHaveLength(1);
    }
    expect(h.runs()).toHaveLength(10);
  }, 60_000);
});
