import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalDispatcher } from '../../app/dispatch/local-dispatcher.js';
import { JobSchema } from '../../runner/job/schema.js';

/**
 * Attack: one installation pushes to many pull requests at once (a `synchronize` flood). With one
 * FIFO queue every other installation's job waited behind all of them.
 */
describe('attack: one installation floods the local queue', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("another installation's job runs second, not after the whole flood", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'loki-flood-'));
    const logDir = mkdtempSync(join(tmpdir(), 'loki-flood-log-'));
    dirs.push(stateDir, logDir);
    const script = 'require("fs").appendFileSync(process.argv[1] + "/log", process.argv[2] + "\\n")';
    const d = await createLocalDispatcher({
      concurrency: 1,
      stateDir,
      mintToken: async () => ({ token: 'ghs_x', expiresAt: new Date(Date.now() + 3600_000) }),
      baseEnv: { PATH: process.env.PATH },
      jobCommand: ({ job }) => ({ file: process.execPath, args: ['-e', script, logDir, job.job_id] }),
    });
    const job = (id: string) => JobSchema.parse({ job_id: id, kind: 'verify', base_ref: 'main' });
    for (let i = 0; i < 6; i++) await d.dispatch({ job: job(`flood-${i}`), installationId: 1, repositoryId: 1, tokenless: false });
    await d.dispatch({ job: job('other'), installationId: 2, repositoryId: 9, tokenless: false });
    const order = () => (existsSync(join(logDir, 'log')) ? readFileSync(join(logDir, 'log'), 'utf8').split('\n').filter(Boolean) : []);
    while (order().length < 7) await new Promise((r) => setTimeout(r, 50));
    await d.close();
    expect(order().indexOf('other')).toBeLessThanOrEqual(1);
  });
});
