import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectCommandEnv } from '../../gates/core/project-command-env.js';
import { runCommand } from '../../gates/core/run-command.js';

/**
 * Attack: Loki runs as root (a GitHub job container must, and so do many App hosts). bubblewrap
 * started by root keeps every capability inside, so repository code could unmount the tmpfs that
 * covers a hidden folder and read the token beneath, or mount and remount at will. The sandbox
 * must drop to an unprivileged user with no capabilities whoever starts it.
 */
let root: string;
let ws: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'loki-root-sbx-'));
  ws = join(root, 'ws');
  mkdirSync(ws);
  execFileSync('git', ['init', '-q', ws]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.LOKI_SANDBOX_HIDE;
});

function sh(script: string) {
  return runCommand(script, [], { cwd: ws, shell: true, env: projectCommandEnv(), replaceEnv: true, sandbox: { purpose: 'test' }, timeoutMs: 30_000 });
}

describe('repository code in the sandbox has no privileges, even when Loki runs as root', () => {
  it('has no capabilities and is not uid 0', async () => {
    const r = await sh('grep -E "^Cap(Eff|Prm):" /proc/self/status; id -u');
    expect(r.exitCode, r.log).toBe(0);
    expect(r.stdout).toMatch(/^CapEff:\s+0+$/m);
    expect(r.stdout).toMatch(/^CapPrm:\s+0+$/m);
    expect(r.stdout.trim().split('\n').at(-1)).not.toBe('0');
  });

  it('cannot unmount the cover over a hidden folder to read the token beneath', async () => {
    const tools = join(root, 'tools');
    const state = join(tools, 'state');
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, 'token'), 'ghs_beneathTheMask');
    writeFileSync(join(tools, 'tool.sh'), 'echo tool-ran');
    process.env.LOKI_SANDBOX_READ_ONLY = `${tools}:${process.env.LOKI_SANDBOX_READ_ONLY ?? ''}`;
    process.env.LOKI_SANDBOX_HIDE = state;
    const r = await sh(`sh ${join(tools, 'tool.sh')}; umount ${state} 2>&1; umount -l ${state} 2>&1; cat ${join(state, 'token')} 2>&1; mount -t tmpfs x /tmp 2>&1 && echo remounted; true`);
    expect(r.stdout, r.log).toContain('tool-ran');
    expect(r.stdout).not.toContain('ghs_beneathTheMask');
    expect(r.stdout).not.toContain('remounted');
  });

  it('still writes its workspace, whose files stay the runner\'s', async () => {
    const r = await sh('echo made > made.txt && echo ok');
    expect(r.stdout.trim(), r.log).toBe('ok');
    const owner = execFileSync('stat', ['-c', '%u', join(ws, 'made.txt')], { encoding: 'utf8' }).trim();
    expect(owner).toBe(String(process.getuid!()));
  });
});
