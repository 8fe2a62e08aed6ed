import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../gates/core/package-root.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
import { runCli } from '../support/run-cli.js';
import { testPrivateKey } from '../app/support/webhooks.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { listeningUrl } from '../support/app-process.js';

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
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, APP_ID: '12', PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: 's', PORT: '0', HOST: '127.0.0.1', GHE_HOST: standIn.url.replace('http://', ''), GHE_PROTOCOL: 'http', LOKI_STATE_DIR: stateDir };
    const child = spawn(process.execPath, [join(packageRoot(), 'dist/cli/loki.js'), 'app'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await listeningUrl(child);
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

  it('with APP_ID but no WEBHOOK_SECRET or key: names each missing variable and the fix, no stack trace', () => {
    const run = runCli(['app'], { cwd: stateDir, env: { APP_ID: '12', WEBHOOK_SECRET: '', PRIVATE_KEY: '', PRIVATE_KEY_PATH: '' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('`WEBHOOK_SECRET`');
    expect(run.stderr).toMatch(/Fix: set the variables named above, in the environment or in \.env/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const noKey = runCli(['app'], { cwd: stateDir, env: { APP_ID: '12', WEBHOOK_SECRET: 's', PRIVATE_KEY: '', PRIVATE_KEY_PATH: '' } });
    expect(noKey.stderr).toBe('loki: the App has no private key: PRIVATE_KEY and PRIVATE_KEY_PATH are both unset\nFix: set PRIVATE_KEY_PATH to the .pem file downloaded from the App settings page (Settings → Developer settings → GitHub Apps → your App → Private keys → Generate a private key) (or PRIVATE_KEY to its contents)\n');
  });

  it('a mistyped PRIVATE_KEY_PATH: exit 3, the path and the fix, no stack trace', () => {
    writeFileSync(join(stateDir, 'app.pem'), testPrivateKey());
    const run = runCli(['app'], { cwd: stateDir, env: { APP_ID: '12', WEBHOOK_SECRET: 's', PRIVATE_KEY: '', PRIVATE_KEY_PATH: join(stateDir, 'ap.pem') } });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`loki: PRIVATE_KEY_PATH names no file: ${join(stateDir, 'ap.pem')} does not exist (the folder exists)\nFix: check the spelling of PRIVATE_KEY_PATH (did you mean ${join(stateDir, 'app.pem')}?); in a container, the path is the one inside it (mount the key, e.g. -v /srv/loki/keys:/keys:ro)\n`);
  });

  it('a state folder it cannot write (a root-owned volume, a path under a file): exit 3 at start with the folder, the uid and the fix', () => {
    writeFileSync(join(stateDir, 'a-file'), 'x');
    const bad = join(stateDir, 'a-file', 'state');
    const run = runCli(['app'], { cwd: stateDir, env: { APP_ID: '12', WEBHOOK_SECRET: 's', PRIVATE_KEY: testPrivateKey(), PORT: '0', HOST: '127.0.0.1', GHE_HOST: standIn.url.replace('http://', ''), GHE_PROTOCOL: 'http', LOKI_STATE_DIR: bad } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`the App's state folder ${bad} (LOKI_STATE_DIR) is not writable by uid ${process.getuid!()} (ENOTDIR)`);
    expect(run.stderr).toMatch(/Fix: make it writable by that user \(for a Docker volume: docker run/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a key file (and a .env) this uid cannot read: names the file and the uid, no stack trace', () => {
    // Real permissions: a 0600 file of another user (as root, the App runs as nobody; otherwise the file is chmod 000).
    const asRoot = process.getuid?.() === 0;
    const uid = asRoot ? 65534 : process.getuid!();
    chmodSync(stateDir, 0o755);
    const key = join(stateDir, 'app.pem');
    writeFileSync(key, testPrivateKey(), { mode: asRoot ? 0o600 : 0o000 });
    const as = (env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, [join(packageRoot(), 'dist/cli/loki.js'), 'app'], {
        cwd: stateDir,
        env: { PATH: process.env.PATH, HOME: stateDir, ...env },
        encoding: 'utf8',
        ...(asRoot ? { uid, gid: 65534 } : {}),
      });
    const run = as({ APP_ID: '12', WEBHOOK_SECRET: 's', PRIVATE_KEY_PATH: key });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(new RegExp(`^loki: PRIVATE_KEY_PATH: ${key} cannot be read by uid ${uid} \\(gid \\d+\\), the user Loki runs as; it is owned by uid \\d+ \\(gid \\d+\\) with mode 0[0-7]{3}\\nFix: let uid ${uid} read it: \`chown ${uid} ${key}\``));
    expect(run.stderr).not.toMatch(/\n\s+at /);
    writeFileSync(join(stateDir, '.env'), 'APP_ID=12\n', { mode: asRoot ? 0o600 : 0o000 });
    const envRun = as({});
    expect(envRun.status).toBe(3);
    expect(envRun.stderr).toContain(`loki: .env: ${join(stateDir, '.env')} cannot be read by uid ${uid}`);
  });

  it('reads .env in the working directory: credentials there start the App (the environment wins over the file)', async () => {
    writeFileSync(join(stateDir, '.env'), `# written by hand\nAPP_ID=12\nWEBHOOK_SECRET=s\nPRIVATE_KEY="${testPrivateKey().trim().replace(/\n/g, '\\n')}"\nHOST=203.0.113.1\n`);
    const child = spawn(process.execPath, [join(packageRoot(), 'dist/cli/loki.js'), 'app'], {
      cwd: stateDir,
      env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', GHE_HOST: standIn.url.replace('http://', ''), GHE_PROTOCOL: 'http', LOKI_STATE_DIR: join(stateDir, 'state') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await listeningUrl(child);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      await expect.poll(() => standIn.find('GET', '/api/v3/app/installations').length).toBe(1);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('without APP_ID: serves the setup page instead of exiting', async () => {
    const child = spawn(process.execPath, [join(packageRoot(), 'dist/cli/loki.js'), 'app'], {
      cwd: stateDir,
      env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', NO_SMEE_SETUP: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      await expect.poll(() => /open (http:\/\/\S+) to register it on github\.com/.exec(out)?.[1], { timeout: 20_000 }).toBeTruthy();
      const url = /open (http:\/\/\S+) to register/.exec(out)![1]!;
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('action="https://github.com/settings/apps/new?state=');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
