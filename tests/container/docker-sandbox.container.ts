import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectCommandEnv } from '../../gates/core/project-command-env.js';
import { runCommand } from '../../gates/core/run-command.js';
import type { SandboxPurpose } from '../../gates/sandbox/plan.js';
import { withSandboxScope, type NetworkPolicy } from '../../gates/sandbox/scope.js';
import { buildTestImage } from './support/image.js';

/**
 * LOKI_SANDBOX=docker for real: the runner image built from this Dockerfile (unchanged), then
 * commands run as sibling containers of it. Needs a Docker engine: `npm run test:container` starts
 * one with ../shared/tools/container-engine.sh (as root).
 */
let IMAGE: string;
let root: string;
let ws: string;

beforeAll(() => {
  IMAGE = buildTestImage();
  root = mkdtempSync(join(tmpdir(), 'loki-docker-sbx-'));
  ws = join(root, 'ws');
  mkdirSync(ws);
  execFileSync('git', ['init', '-q', ws]);
  writeFileSync(join(root, 'host-secret'), 'ghs_hostSecretNextToTheWorkspace');
  process.env.LOKI_SANDBOX = 'docker';
  process.env.LOKI_IMAGE = IMAGE;
});
afterAll(() => {
  delete process.env.LOKI_SANDBOX;
  delete process.env.LOKI_IMAGE;
  if (root) rmSync(root, { recursive: true, force: true });
});

function sh(script: string, purpose: SandboxPurpose = 'test', network?: NetworkPolicy) {
  return withSandboxScope(network ? { network } : {}, () => runCommand(script, [], { cwd: ws, shell: true, env: projectCommandEnv(), replaceEnv: true, sandbox: { purpose }, timeoutMs: 120_000 }));
}

describe('docker sandbox (sibling containers of the Loki image)', () => {
  it('runs in its own PID namespace, sees nothing of the host beside its workspace, and cannot write .git', async () => {
    const r = await sh(`echo "pid=$$"; ls /proc | grep -c "^[0-9]"; cat ${join(root, 'host-secret')} 2>&1; touch ok.txt .git/planted 2>&1; id -u; echo "home=$HOME"`);
    expect(r.exitCode, r.log).toBe(0);
    expect(r.stdout).not.toContain('ghs_hostSecret');
    expect(Number(/^pid=(\d+)/m.exec(r.stdout)?.[1])).toBeLessThan(20);
    expect(existsSync(join(ws, 'ok.txt'))).toBe(true);
    expect(existsSync(join(ws, '.git', 'planted'))).toBe(false);
    expect(r.stdout).toContain('home=/home/loki');
  });

  it('has no network for tests under install-only, and has it for installs', async () => {
    const probe = `node -e "require('dns').lookup('registry.npmjs.org', (e) => console.log(e ? 'no network' : 'network'))"`;
    expect((await sh(probe, 'test')).stdout.trim()).toBe('no network');
    // Interfaces the container sees: `lo` alone under --network none, lo and eth0 on the bridge.
    const install = await sh(`grep -c ":" /proc/net/dev`, 'install');
    expect(Number(install.stdout.trim())).toBeGreaterThan(1);
  });

  it('a command missing in the image is a spawn error', async () => {
    const r = await withSandboxScope({}, () => runCommand('loki-no-such-tool', [], { cwd: ws, env: projectCommandEnv(), replaceEnv: true, sandbox: { purpose: 'build' } }));
    expect(r.spawnError).toMatch(/ENOENT/);
  });
});
