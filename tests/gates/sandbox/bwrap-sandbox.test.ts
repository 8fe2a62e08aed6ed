import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectCommandEnv } from '../../../gates/core/project-command-env.js';
import { runCommand } from '../../../gates/core/run-command.js';
import type { SandboxPurpose } from '../../../gates/sandbox/plan.js';
import { withSandboxScope, type NetworkPolicy } from '../../../gates/sandbox/scope.js';

/** The bubblewrap sandbox for real (bwrap is installed on every machine that runs these tests: .ci/run installs it). */
let root: string;
let ws: string;
let server: Server;
let port: number;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'loki-sbx-'));
  ws = join(root, 'ws');
  mkdirSync(ws);
  execFileSync('git', ['init', '-q', ws]);
  server = createServer((_req, res) => res.end('reached')).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => {
  delete process.env.LOKI_SANDBOX;
  delete process.env.LOKI_SANDBOX_HIDE;
});

function sh(script: string, purpose: SandboxPurpose = 'test', extra: { timeoutMs?: number; cwd?: string } = {}) {
  return runCommand(script, [], { cwd: extra.cwd ?? ws, shell: true, env: projectCommandEnv(), replaceEnv: true, sandbox: { purpose }, timeoutMs: extra.timeoutMs ?? 30_000 });
}

describe('bwrap sandbox', () => {
  it('has its own PID namespace and /proc: no other process, no other environ', async () => {
    const r = await sh('echo "pid=$$"; ls /proc | grep -c "^[0-9]"; cat /proc/1/cmdline | tr "\\0" " "');
    expect(r.exitCode, r.log).toBe(0);
    const [pid, count] = r.stdout.split('\n');
    expect(Number(pid?.replace('pid=', ''))).toBeLessThan(10);
    expect(Number(count)).toBeLessThan(6);
    expect(r.stdout).not.toContain('vitest');
  });

  it('writes only in its workspace: not in .git, not in /etc, not in the host /tmp; its /tmp and HOME are private', async () => {
    const outside = join(root, 'outside.txt');
    writeFileSync(join(root, 'secret-neighbour'), 'x');
    const r = await sh(`touch ok.txt; touch .git/planted 2>/dev/null || echo git-ro; touch /etc/planted 2>/dev/null || echo etc-ro; touch ${outside} 2>/dev/null; ls ${root}; echo "home=$HOME tmp=$TMPDIR"; touch "$HOME/x" /tmp/x && echo private-ok`);
    expect(r.exitCode, r.log).toBe(0);
    expect(r.stdout).toContain('git-ro');
    expect(r.stdout).toContain('etc-ro');
    // The workspace's parent exists inside only as a mount point on the private /tmp: nothing of the host's.
    expect(r.stdout.split('\n')).not.toContain('secret-neighbour');
    expect(r.stdout).toContain('home=/home/loki tmp=/tmp');
    expect(r.stdout).toContain('private-ok');
    expect(existsSync(join(ws, 'ok.txt'))).toBe(true);
    expect(existsSync(join(ws, '.git', 'planted'))).toBe(false);
    expect(existsSync(outside)).toBe(false);
  });

  it('covers up hidden paths even under a mounted folder (LOKI_SANDBOX_HIDE)', async () => {
    const secretDir = join(root, 'ro', 'state');
    mkdirSync(secretDir, { recursive: true });
    writeFileSync(join(secretDir, 'token'), 'ghs_hidden');
    writeFileSync(join(root, 'ro', 'tool.sh'), 'echo tool');
    process.env.LOKI_SANDBOX_READ_ONLY = `${join(root, 'ro')}:${process.env.LOKI_SANDBOX_READ_ONLY ?? ''}`;
    process.env.LOKI_SANDBOX_HIDE = secretDir;
    const r = await sh(`sh ${join(root, 'ro', 'tool.sh')}; cat ${join(secretDir, 'token')} 2>&1 || true`);
    expect(r.stdout).toContain('tool');
    expect(r.stdout).not.toContain('ghs_hidden');
  });

  it.each([
    ['install-only', 'test', false],
    ['install-only', 'install', true],
    ['off', 'install', false],
    ['on', 'test', true],
    ['off', 'agent', true],
  ] as const)('sandbox.network=%s: %s reaches the network: %s', async (network: NetworkPolicy, purpose: SandboxPurpose, reaches: boolean) => {
    const r = await withSandboxScope({ network }, () => sh(`node -e "fetch('http://127.0.0.1:${port}').then((r) => r.text()).then(console.log, () => console.log('no network'))"`, purpose));
    expect(r.stdout.trim(), r.log).toBe(reaches ? 'reached' : 'no network');
  });

  it('shares one private HOME across the commands of a scope, and never with another scope', async () => {
    await withSandboxScope({}, async () => {
      await sh('echo kept > "$HOME/cache"');
      expect((await sh('cat "$HOME/cache"')).stdout.trim()).toBe('kept');
    });
    expect((await withSandboxScope({}, () => sh('cat "$HOME/cache" 2>/dev/null || echo empty'))).stdout.trim()).toBe('empty');
  });

  it('kills the whole sandbox at the timeout, grandchildren included', async () => {
    const r = await sh('(sleep 30 & sleep 30 & wait) ; echo never', 'test', { timeoutMs: 1_000 });
    expect(r.timedOut).toBe(true);
    expect(execFileSync('sh', ['-c', 'pgrep -f "^sleep 30$" || true'], { encoding: 'utf8' }).trim()).toBe('');
  });

  it('a command missing inside the sandbox is a spawn error, as outside', async () => {
    const r = await runCommand('loki-no-such-tool', [], { cwd: ws, env: projectCommandEnv(), replaceEnv: true, sandbox: { purpose: 'build' } });
    expect(r.spawnError).toMatch(/ENOENT/);
  });

  it('refuses to start anything under an unknown LOKI_SANDBOX, saying how to fix it', async () => {
    process.env.LOKI_SANDBOX = 'chroot';
    const r = await sh('echo ran');
    expect(r.stdout).toBe('');
    expect(r.spawnError).toMatch(/LOKI_SANDBOX="chroot" is not a sandbox Loki knows.*Fix: set LOKI_SANDBOX to bwrap, docker or none/);
  });

  it('refuses a workspace that would make the whole file system writable', async () => {
    const r = await sh('echo ran', 'test', { cwd: '/' });
    expect(r.spawnError).toMatch(/whole file system/);
  });
});
