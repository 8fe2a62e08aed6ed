import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeFailure, runCommand } from '../../../gates/core/run-command.js';

/** Running, not a zombie: PID 1 in some containers never reaps orphans, and a zombie still answers kill(0). */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

describe('runCommand', () => {
  it('captures output, exit code and a hash of the whole log', async () => {
    const r = await runCommand('node', ['-e', 'console.log("out"); console.error("err"); process.exit(3)'], { cwd: process.cwd() });
    expect(r).toMatchObject({ exitCode: 3, timedOut: false, stdout: 'out\n', stderr: 'err\n' });
    expect(r.logSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(describeFailure(r)).toBe('`node -e console.log("out"); console.error("err"); process.exit(3)` exited with code 3');
  });

  it('passes input on stdin and never interprets arguments through a shell', async () => {
    const r = await runCommand('node', ['-e', 'process.stdin.pipe(process.stdout)', '$(touch /tmp/should-not-exist)'], { cwd: process.cwd(), input: 'hello; rm -rf /' });
    expect(r.stdout).toBe('hello; rm -rf /');
  });

  it('kills the whole process tree at the timeout, grandchildren included', async () => {
    // The child starts a grandchild that would outlive it, prints its pid, then hangs.
    const script = `
      const { spawn } = require('node:child_process');
      const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log(g.pid);
      setInterval(() => {}, 1000);`;
    const r = await runCommand('node', ['-e', script], { cwd: process.cwd(), timeoutMs: 4_000 });
    expect(r.timedOut).toBe(true);
    const grandchild = Number(r.stdout.trim());
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((res) => setTimeout(res, 200));
    expect(alive(grandchild)).toBe(false);
    expect(describeFailure(r)).toContain('timed out');
  });

  it('stops when the signal aborts', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 200);
    const r = await runCommand('node', ['-e', 'setInterval(() => {}, 1000)'], { cwd: process.cwd(), signal: abort.signal });
    expect(r.cancelled).toBe(true);
    expect(r.durationMs).toBeLessThan(5_000);
  });

  it('reports a missing executable as a spawn error, not a crash', async () => {
    const r = await runCommand('loki-no-such-binary', [], { cwd: process.cwd() });
    expect(r.spawnError).toContain('ENOENT');
    expect(describeFailure(r)).toContain('could not start');
  });

  it('can replace the environment entirely (how agents are kept away from tokens)', async () => {
    const r = await runCommand(process.execPath, ['-e', 'console.log(JSON.stringify(Object.keys(process.env)))'], {
      cwd: process.cwd(), env: { ONLY: '1' }, replaceEnv: true,
    });
    expect(JSON.parse(r.stdout)).toEqual(['ONLY']);
  });
});
