import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareNodeTestReporter } from '../../../gates/testing/node-test-reporter.js';

describe('node:test reporter injection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loki-reporter-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends its own reporter to a real file, never /dev/null (Node 22 fsyncs destinations: EINVAL on /dev/null crashes the run)', async () => {
    for (const project of ['none', 'paired', 'default-destination'] as const) {
      const { env } = await prepareNodeTestReporter(dir, project, '');
      const destinations = [...env.NODE_OPTIONS!.matchAll(/--test-reporter-destination=("[^"]+"|\S+)/g)].map((m) => m[1]!.replace(/"/g, ''));
      expect(destinations.length).toBeGreaterThan(0);
      for (const d of destinations) expect(d === 'stdout' || d.startsWith(dir)).toBe(true);
      expect(env.NODE_OPTIONS).not.toContain('/dev/null');
    }
  });
});
