import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEnd } from '../../app/dispatch/dispatcher.js';
import { createLocalDispatcher } from '../../app/dispatch/local-dispatcher.js';
import { JobSchema } from '../../runner/job/schema.js';

/**
 * Attack: a pull request whose tests never end (or fork bomb quietly). Its verify job used to run
 * for as long as it liked, holding a concurrency slot and a renewed token.
 */
describe('attack: a verify job that never ends', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('is stopped at the verify time limit, and the end says why', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'loki-hang-'));
    dirs.push(stateDir);
    const d = await createLocalDispatcher({
      concurrency: 1,
      stateDir,
      verifyTimeoutMs: 1_500,
      mintToken: async () => ({ token: 'ghs_x', expiresAt: new Date(Date.now() + 3600_000) }),
      baseEnv: { PATH: process.env.PATH },
      jobCommand: () => ({ file: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] }),
    });
    const ended = new Promise<JobEnd>((resolve) => d.onEnd((end) => resolve(end)));
    await d.dispatch({ job: JobSchema.parse({ job_id: 'hang', kind: 'verify', base_ref: 'main' }), installationId: 1, repositoryId: 1, tokenless: true });
    const end = await Promise.race([ended, new Promise<undefined>((r) => setTimeout(() => r(undefined), 20_000))]);
    await d.close();
    expect(end?.reason).toMatch(/over its \d+-(minute|second) limit/);
  }, 30_000);
});
