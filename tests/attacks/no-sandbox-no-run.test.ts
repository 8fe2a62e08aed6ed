import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { createBuildFixture, type BuildFixture } from '../runner/support/build-fixture.js';

/**
 * Attack (or misconfiguration): the machine has no working sandbox — here, no bubblewrap on PATH —
 * and nobody chose LOKI_SANDBOX=none. A dispatched job must then run nothing of the repository's:
 * not the agent, not its tests. It says why and how to fix it.
 */
describe('attack: a runner without a sandbox', () => {
  let f: BuildFixture;
  let dir: string;
  afterEach(() => {
    f.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs no repository code and says how to fix it', () => {
    f = createBuildFixture();
    dir = mkdtempSync(join(tmpdir(), 'loki-nosandbox-'));
    const marker = join(dir, 'agent-ran');
    const jobFile = join(dir, 'job.json');
    writeFileSync(jobFile, JSON.stringify(f.job()));
    // PATH without bwrap: a folder holding only node and git.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const [name, target] of [['node', process.execPath], ['git', '/usr/bin/git'], ['sh', '/bin/sh']] as const) symlinkSync(target, join(bin, name));
    const run = runCli(['run-job', '--job', jobFile, '--json'], { cwd: dir, env: { PATH: bin, LOKI_SANDBOX: '', LOKI_AGENT_COMMAND: `node -e "require('fs').writeFileSync('${marker}', '')"`, LOKI_PROVIDER: 'command' } });
    expect(run.code).toBe(3);
    expect(run.stdout + run.stderr).toMatch(/no sandbox is available: bubblewrap \(`bwrap`\) is not on PATH/);
    expect(run.stdout + run.stderr).toMatch(/apt-get install -y bubblewrap/);
    expect(existsSync(marker)).toBe(false);
  });
});

