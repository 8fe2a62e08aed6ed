import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalDispatcher } from '../../app/dispatch/local-dispatcher.js';

/**
 * Attack (or accident): a pid file left by a dead App names a pid the kernel has since given to
 * another process — or someone who can write the state folder plants one. On start the App used to
 * kill whatever had that pid (and its process group).
 */
describe('attack: a pid file naming a process that is not Loki\'s job', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('is removed, and the process it names lives on', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'loki-orphan-attack-'));
    dirs.push(stateDir);
    const victim = spawn('sleep', ['30'], { stdio: 'ignore', detached: true });
    try {
      mkdirSync(join(stateDir, 'pids'), { recursive: true });
      // A bare pid (the old format) and a pid with another start time: neither can be proved to be a job of ours.
      writeFileSync(join(stateDir, 'pids', 'a.pid'), `${victim.pid}\n`);
      writeFileSync(join(stateDir, 'pids', 'b.pid'), `${victim.pid} 1\n`);
      const d = await createLocalDispatcher({ concurrency: 1, stateDir, mintToken: async () => ({ token: 'x', expiresAt: new Date() }), baseEnv: {} });
      expect(() => process.kill(victim.pid!, 0)).not.toThrow();
      await d.close();
    } finally {
      victim.kill('SIGKILL');
    }
  });
});
