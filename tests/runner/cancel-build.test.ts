import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runJob } from '../../runner/run-job.js';
import { AGENTS, createBuildFixture, type BuildFixture } from './support/build-fixture.js';

/**
 * Stop means stop: a build cancelled in any state ends `cancelled` (exit 130) and pushes nothing,
 * even work it has committed, and even when a work-in-progress push is due.
 */
describe('a cancelled build', () => {
  let f: BuildFixture;
  beforeEach(() => {
    f = createBuildFixture();
  });
  afterEach(() => f.cleanup());

  it('cancelled while the agent works, after it wrote code: the work is checkpointed locally, nothing is pushed', async () => {
    f.unsandboxed(); // the agent reports outside its workspace
    const marker = join(f.root, 'wrote');
    const command = f.agent('writer', `${AGENTS.solver}\nimport * as m from 'node:fs';\nm.writeFileSync(${JSON.stringify(marker)}, '');\nawait new Promise((r) => setTimeout(r, 60_000));\n`);
    const abort = new AbortController();
    const watcher = setInterval(() => existsSync(marker) && abort.abort('SIGINT'), 50);
    try {
      const outcome = await runJob(f.job(), { config: f.config({ provider: { command } }), token: () => undefined, signal: abort.signal, wipPushIntervalMs: 0 });
      expect(outcome.status, outcome.reason).toBe('cancelled');
      expect(outcome.exitCode).toBe(130);
      expect(outcome.reason).toMatch(/Nothing was pushed/);
      expect(outcome.pushed).toBe(false);
      expect(f.remoteHead('loki/issue-7')).toBeUndefined();
    } finally {
      clearInterval(watcher);
    }
  });

  it('cancelled between iterations (while the gates judge the first try): no second agent call, no work-in-progress push', async () => {
    f.unsandboxed(); // the agent reports outside its workspace
    const calls = join(f.root, 'calls');
    const command = f.agent('fixer', `import * as c from 'node:fs';\nc.appendFileSync(${JSON.stringify(calls)}, 'x');\n${AGENTS.fixesSecondTime}`);
    const abort = new AbortController();
    const outcome = await runJob(f.job(), {
      config: f.config({ provider: { command } }), token: () => undefined, signal: abort.signal, wipPushIntervalMs: 0,
      onProgress: (p) => {
        if (p.phase === 'verify' && p.iteration === 1) abort.abort('SIGINT');
      },
    });
    expect(outcome.status, outcome.reason).toBe('cancelled');
    expect(readFileSync(calls, 'utf8')).toBe('x');
    expect(f.remoteHead('loki/issue-7')).toBeUndefined();
  });

  it('cancelled before the workspace was ready: the agent is never called', async () => {
    f.unsandboxed(); // the agent reports outside its workspace
    const calls = join(f.root, 'calls');
    const command = f.agent('counted', `import * as c from 'node:fs';\nc.appendFileSync(${JSON.stringify(calls)}, 'x');\n${AGENTS.solver}`);
    const abort = new AbortController();
    abort.abort('SIGTERM');
    const outcome = await runJob(f.job(), { config: f.config({ provider: { command } }), token: () => undefined, signal: abort.signal });
    expect(outcome.status).toBe('cancelled');
    expect(outcome.iterations).toBe(0);
    expect(existsSync(calls)).toBe(false);
    expect(f.remoteHead('loki/issue-7')).toBeUndefined();
  });
});
