import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEnd } from '../../../app/dispatch/dispatcher.js';
import { createLocalDispatcher } from '../../../app/dispatch/local-dispatcher.js';
import { JobSchema } from '../../../runner/job/schema.js';
import { createAppMetrics } from '../../../app/metrics.js';
import { createActiveJobs } from '../../../app/active-jobs.js';
import { queueStatus } from '../../../app/queue-status.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const job = (id: string) => JobSchema.parse({ job_id: id, kind: 'build', base_ref: 'main' });
const mintToken = async () => ({ token: 'ghs_scoped', expiresAt: new Date(Date.now() + 3600_000) });
// A job that records its start, sleeps, and records its end: enough to see order and overlap.
const SCRIPT = 'const fs=require("fs");const d=process.argv[1];const id=process.argv[2];fs.appendFileSync(d+"/log",`start ${id}\\n`);setTimeout(()=>{fs.appendFileSync(d+"/log",`end ${id}\\n`)},Number(process.argv[3]));';

function setup(concurrency: number, sleepMs: number) {
  const stateDir = mkdtempSync(join(tmpdir(), 'loki-local-'));
  const logDir = mkdtempSync(join(tmpdir(), 'loki-local-log-'));
  dirs.push(stateDir, logDir);
  const ends: JobEnd[] = [];
  const make = () =>
    createLocalDispatcher({
      concurrency,
      stateDir,
      mintToken,
      baseEnv: { PATH: process.env.PATH },
      jobCommand: ({ job: j, jobFile }) => ({ file: process.execPath, args: ['-e', SCRIPT, logDir, JSON.parse(readFileSync(jobFile, 'utf8')).job_id === j.job_id ? j.job_id : 'mismatch', String(sleepMs)] }),
    }).then((d) => {
      d.onEnd((end) => void ends.push(end));
      return d;
    });
  return { stateDir, logDir, ends, make, log: () => (existsSync(join(logDir, 'log')) ? readFileSync(join(logDir, 'log'), 'utf8').split('\n').filter(Boolean) : []) };
}

describe('the local dispatcher', () => {
  it('runs at most LOKI_CONCURRENCY jobs at once, in order, and reports each end', async () => {
    const t = setup(1, 300);
    const d = await t.make();
    await d.dispatch({ job: job('j1'), installationId: 1, repositoryId: 2, tokenless: false });
    await d.dispatch({ job: job('j2'), installationId: 1, repositoryId: 2, tokenless: false });
    expect(await d.isLive('j2')).toBe(true);
    while (t.ends.length < 2) await new Promise((r) => setTimeout(r, 50));
    expect(t.log()).toEqual(['start j1', 'end j1', 'start j2', 'end j2']);
    expect(t.ends.map((e) => [e.jobId, e.state, e.exitCode])).toEqual([['j1', 'ended', 0], ['j2', 'ended', 0]]);
    expect(await d.isLive('j1')).toBe(false);
    await d.close();
    // Job files, token files and pid files are gone once the jobs end.
    for (const sub of ['jobs', 'pids']) expect(readdirSync(join(t.stateDir, sub))).toEqual([]);
    expect(readdirSync(join(t.stateDir, 'tokens'))).toEqual([]);
  });

  it("a job's place: starting while a slot is free, then how many of the queue start before it, round-robin across installations; in /metrics per installation", async () => {
    const t = setup(1, 30_000);
    const d = await t.make();
    const metrics = createAppMetrics(() => ({ active: createActiveJobs(), dispatcher: d }));
    expect(d.waitFor!(1)).toEqual({ ahead: 0, busy: 0, slots: 1 });
    expect(queueStatus(d, 1)).toBe('starting');
    for (const id of ['a1', 'a2', 'a3', 'a4']) await d.dispatch({ job: job(id), installationId: 1, repositoryId: 2, tokenless: false });
    // a1 runs; a2..a4 wait. Installation 1's next job waits behind its own three.
    expect(d.waitFor!(1)).toEqual({ ahead: 3, busy: 1, slots: 1 });
    expect(queueStatus(d, 1)).toBe('queued, 3 ahead of you (1 of 1 runner slot busy)');
    // Another installation is served next, not behind installation 1's backlog.
    expect(queueStatus(d, 9)).toBe('queued, next in line (1 of 1 runner slot busy)');
    await d.dispatch({ job: job('b1'), installationId: 9, repositoryId: 3, tokenless: false });
    expect(d.waitFor!(9).ahead).toBe(2);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^loki_queue_depth\{installation="1"\} 3$/m);
    expect(text).toMatch(/^loki_queue_depth\{installation="9"\} 1$/m);
    expect(Number(/^loki_queue_wait_seconds\{installation="1"\} ([\d.]+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(0);
    await d.close();
  });

  it('cancels a queued job without starting it, and a running one by killing its process group', async () => {
    const t = setup(1, 30_000);
    const d = await t.make();
    await d.dispatch({ job: job('long'), installationId: 1, repositoryId: 2, tokenless: false });
    await d.dispatch({ job: job('queued'), installationId: 1, repositoryId: 2, tokenless: false });
    expect(await d.cancel('queued')).toBe(true);
    while (t.log().length < 1) await new Promise((r) => setTimeout(r, 50));
    expect(await d.cancel('long')).toBe(true);
    expect(t.ends.map((e) => [e.jobId, e.state])).toEqual([['queued', 'cancelled'], ['long', 'cancelled']]);
    expect(t.log()).toEqual(['start long']);
    expect(await d.cancel('nothing')).toBe(false);
  });

  it('stops the children an earlier, killed App instance left behind, before anything re-runs', async () => {
    const t = setup(2, 30_000);
    const first = await t.make();
    await first.dispatch({ job: job('orphan'), installationId: 1, repositoryId: 2, tokenless: false });
    while (t.log().length < 1) await new Promise((r) => setTimeout(r, 50));
    const pid = Number(readFileSync(join(t.stateDir, 'pids', 'orphan.pid'), 'utf8').split(' ')[0]);
    expect(() => process.kill(pid, 0)).not.toThrow();
    // A new instance on the same state folder (the old one "died" without cleaning up).
    await t.make();
    expect(() => process.kill(pid, 0)).toThrow();
    await first.close();
  });
});
