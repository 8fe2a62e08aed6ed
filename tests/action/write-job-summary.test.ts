import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeJobSummary } from '../../action/write-job-summary.js';

let dir: string;
let file: string;
const saved = process.env.GITHUB_STEP_SUMMARY;

// @actions/core's summary reads the variable from process.env once, then keeps the path.
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'loki-summary-'));
  file = join(dir, 'summary.md');
  process.env.GITHUB_STEP_SUMMARY = file;
});
beforeEach(() => writeFileSync(file, ''));
afterAll(() => {
  if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
  else process.env.GITHUB_STEP_SUMMARY = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe('writeJobSummary', () => {
  it('keeps a report over 1 MiB within the limit, with the pointer to the full report', async () => {
    const report = `## Loki Verify: BLOCKED\n\n${'| critical | **blocking** | `secrets` | `a.js:1` | ü message |\n'.repeat(20_000)}`;
    expect(Buffer.byteLength(report)).toBeGreaterThan(1024 * 1024);
    expect(await writeJobSummary(report, process.env)).toBe(true);
    const written = readFileSync(file, 'utf8');
    expect(Buffer.byteLength(written)).toBeLessThanOrEqual(1024 * 1024);
    expect(written.startsWith('## Loki Verify: BLOCKED')).toBe(true);
    expect(written).toMatch(/Report cut to the 1 MiB job-summary limit.*report\.md/);
  });

  it('writes a report that fits as it is, and reports false when the job has no summary file', async () => {
    expect(await writeJobSummary('## ok', process.env)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('## ok\n');
    expect(await writeJobSummary('## ok', {})).toBe(false);
  });
});
