import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../gates/core/package-root.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
import { runCli } from '../support/run-cli.js';
import { testPrivateKey } from '../app/support/webhooks.js';
import { loopbackOnly } from '../support/loopback-only.js';

let standIn: GitHubStandIn;
let stateDir: string;
loopbackOnly();
beforeEach(async () => {
  standIn = await startGitHubStandIn();
  standIn.on('GET', '/api/v3/app/installations', { body: [] });
  stateDir = mkdtempSync(join(tmpdir(), 'loki-cli-app-'));
});
afterEach(async () => {
  await standIn.close();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('loki app', () => {
  it('serves /healthz, reconciles on start-up and stops cleanly on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, APP_ID: '12', PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: 's', PORT: '0', HOST: '127.0.0.1', GHE_HOST: standIn.url.replace('http://', ''), GHE_PROTOCOL: 'http', LOKI_STATE_DIR: stateDir, LOG_LEVEL: 'fatal' };
    const child = spawn(process.execPath, [join(packageRoot(), 'dist/cli/loki.js'), 'app'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${stderr}`)), 20_000);
      child.stderr.on('data', () => {
        const match = /listening on (http:\/\/[^\s]+)/.exec(stderr);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect((await fetch(`${url}/nothing-here`)).status).toBe(404);
    // Start-up reconciliation asked GitHub (as the App) for its installations.
    await expect.poll(() => standIn.find('GET', '/api/v3/app/installations').length).toBe(1);
    expect(standIn.find('GET', '/api/v3/app/installations')[0]?.headers.authorization).toMatch(/^bearer /i);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });

  it('names each missing variable and the fix', () => {
    const run = runCli(['app'], { cwd: tmpdir(), env: { APP_ID: '', WEBHOOK_SECRET: '', PRIVATE_KEY: '', PRIVATE_KEY_PATH: '' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('`APP_ID`');
    expect(run.stderr).toContain('`WEBHOOK_SECRET`');
    expect(run.stderr).toMatch(/Fix: set the variables named above/);
  });
});
