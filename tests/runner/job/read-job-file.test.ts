import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJobFile } from '../../../runner/job/read-job-file.js';

describe('readJobFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'loki-jobfile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a valid job and fills the defaults', async () => {
    const path = join(dir, 'job.json');
    writeFileSync(path, JSON.stringify({ job_id: 'j1', kind: 'build', base_ref: 'main', spec: { source: 'text', ref: 't', text: 'do it' } }));
    const job = await readJobFile(path);
    expect(job).toMatchObject({ job_id: 'j1', provider_order: ['claude'], no_push: false, budgets: {} });
  });

  it('names the bad key, rejects unknown keys (a token field included) and bad JSON, each with a fix', async () => {
    const path = join(dir, 'job.json');
    writeFileSync(path, JSON.stringify({ job_id: 'j1', kind: 'build', base_ref: 'main', token: 'ghs_x' }));
    await expect(readJobFile(path)).rejects.toMatchObject({ code: 'JOB_INVALID', message: expect.stringContaining('token'), fix: expect.any(String) });
    writeFileSync(path, '{ nope');
    await expect(readJobFile(path)).rejects.toMatchObject({ code: 'JOB_INVALID', message: expect.stringMatching(/not valid JSON/) });
    await expect(readJobFile(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'JOB_INVALID', fix: expect.stringMatching(/--job/) });
  });
});
