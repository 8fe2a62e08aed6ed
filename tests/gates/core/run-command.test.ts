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

describe('runCommand output (attacks on the old per-chunk decoding and silent cut)', () => {
  it('keeps multi-byte characters that are split across chunk boundaries', async () => {
    // "é€😀" written one byte at a time with pauses, so every character arrives in pieces.
    const script = `
      const bytes = Buffer.from('é€😀 done', 'utf8');
      let i = 0;
      const next = () => { if (i < bytes.length) { process.stdout.write(bytes.subarray(i, ++i)); process.stderr.write(bytes.subarray(i - 1, i)); setTimeout(next, 5); } };
      next();`;
    const seen: string[] = [];
    const r = await runCommand(process.execPath, ['-e', script], { cwd: process.cwd(), onOutput: (c) => seen.push(c) });
    expect(r.stdout).toBe('é€😀 done');
    expect(r.stderr).toBe('é€😀 done');
    expect(r.log).not.toContain('\uFFFD');
    expect(seen.join('')).not.toContain('\uFFFD');
    expect(r.truncated).toBe(false);
  });

  it('flags output that hits the cap as truncated instead of cutting it silently', async () => {
    const r = await runCommand(process.execPath, ['-e', 'process.stdout.write("a".repeat(5000) + "END")'], { cwd: process.cwd(), maxLogBytes: 1000 });
    expect(r.exitCode).toBe(0);
    expect(r.truncated).toBe(true);
    expect(r.outputBytes).toBe(5003);
    expect(r.stdout.endsWith('END')).toBe(true);
    expect(r.stdout.length).toBe(1000);
  });

  it('streams all of stdout to onStdout even past the cap', async () => {
    let total = '';
    const r = await runCommand(process.execPath, ['-e', 'process.stdout.write("x".repeat(300000))'], { cwd: process.cwd(), maxLogBytes: 10, onStdout: (c) => (total += c) });
    expect(total.length).toBe(300000);
    expect(r.truncated).toBe(true);
  });
});
