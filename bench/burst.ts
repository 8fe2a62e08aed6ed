// A burst of 100 labelled issues (5 repositories, 2 installations, GitHub answering some writes 403
// with `retry-after`) against one App replica and against two behind a round-robin balancer, in the
// same run: what GitHub waits for (acknowledgement), how long until the last build started, and how
// hard each installation was driven. The App's write spacing is scaled down 200× (scaled-octokit.ts),
// so requests per minute are 200× what production would send. Prints, never asserts.
import { BURST_PLAN, requestsPerMinute, runBurst, type BurstRun } from '../tests/app/support/burst.js';
import { percentile, printTable } from './measure.js';

function figures(run: BurstRun): Record<string, string> {
  const acks = run.deliveries.map((d) => d.ackedAt - d.sentAt);
  const lastStart = Math.max(...run.starts.map((s) => s.startedAt)) - run.startedAt;
  const rpm = requestsPerMinute(run);
  const builds = new Set(run.starts.map((s) => String((s.job as { job_id?: string }).job_id))).size;
  return {
    'acknowledgement p50 / p99 / max': `${percentile(acks, 50)} / ${percentile(acks, 99)} / ${Math.max(...acks)} ms`,
    'time to the last build started': `${(lastStart / 1000).toFixed(1)} s`,
    'time to the last build completed': `${((run.endedAt - run.startedAt) / 1000).toFixed(1)} s`,
    'builds started (distinct jobs)': `${run.starts.length} (${builds})`,
    '403 retry-after answers': String(run.limits.length),
    ...Object.fromEntries([...rpm].sort(([a], [b]) => a - b).map(([id, perMinute]) => [`requests/min, installation ${id}`, perMinute.toFixed(0)])),
  };
}

export async function benchBurst(): Promise<void> {
  const runs: Array<[string, Record<string, string>]> = [];
  for (const replicas of [1, 2]) {
    const run = await runBurst({ ...BURST_PLAN, replicas });
    try {
      runs.push([`${replicas} replica${replicas > 1 ? 's' : ''}`, figures(run)]);
    } finally {
      await run.close();
    }
  }
  const names = Object.keys(runs[0]![1]);
  printTable(
    `Burst: ${BURST_PLAN.installations.reduce((n, i) => n + i.repositories.length, 0) * BURST_PLAN.issuesPerRepository} issues labelled ${BURST_PLAN.spacingMs} ms apart, ${BURST_PLAN.concurrency} runner slots per replica, builds held ${BURST_PLAN.holdMs} ms (${runs.map(([label]) => label).join(' | ')})`,
    names.map((name) => [name, runs.map(([, f]) => f[name] ?? '—').join(' | ')]),
  );
}
