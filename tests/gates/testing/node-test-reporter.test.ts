import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectCommandEnv } from '../../../gates/core/project-command-env.js';
import { prepareNodeTestReporter } from '../../../gates/testing/node-test-reporter.js';
import { parseNodeTestEvents } from '../../../gates/testing/parse-node-test-events.js';

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

  // The minimal reproduction of the Node 22 crash: one passing test under the injected reporter.
  // `npm run test:node22` runs this file with Node 22 first on PATH.
  it('a passing node:test file exits 0 with its events written, on the node that project commands get', async () => {
    const work = mkdtempSync(join(dir, 'run-'));
    writeFileSync(join(work, 'a.test.js'), "require('node:test')('adds', () => require('node:assert').equal(1 + 1, 2));\n");
    const { env, eventsPath } = await prepareNodeTestReporter(work, 'none', '');
    const run = spawnSync('node', ['--test', 'a.test.js'], { cwd: work, env: projectCommandEnv(process.env, env), encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/EINVAL|fsync/);
    expect(run.status).toBe(0);
    const events = readFileSync(eventsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; name: string });
    expect(events.filter((e) => e.type === 'test:pass').map((e) => e.name)).toEqual(['adds']);
  });

  it('a failing assertion: its expected and actual values and the failing line reach the events', async () => {
    const work = mkdtempSync(join(dir, 'fail-'));
    writeFileSync(join(work, 'm.test.mjs'), "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n\ntest('multiplies', () => {\n  const product = 4 + 5;\n  assert.equal(product, 20);\n});\n");
    const { env, eventsPath } = await prepareNodeTestReporter(work, 'none', '');
    spawnSync('node', ['--test', 'm.test.mjs'], { cwd: work, env: projectCommandEnv(process.env, env), encoding: 'utf8' });
    const events = readFileSync(eventsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.find((e) => e.type === 'test:fail')).toMatchObject({ name: 'multiplies', expected: '20', actual: '9', line: 6 });
    expect(parseNodeTestEvents(readFileSync(eventsPath, 'utf8'), work)).toEqual([
      { id: 'm.test.mjs > multiplies', file: 'm.test.mjs', status: 'failed', message: 'Expected values to be strictly equal:', expected: '20', actual: '9', line: 6 },
    ]);
  });

  it('project commands run on the Node the suite was started for (LOKI_TEST_NODE_VERSION from scripts/with-node.mjs)', () => {
    const expected = process.env.LOKI_TEST_NODE_VERSION ? `v${process.env.LOKI_TEST_NODE_VERSION}` : process.version;
    expect(execFileSync('node', ['--version'], { env: projectCommandEnv(), encoding: 'utf8' }).trim()).toBe(expected);
  });
});
