import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAppServer } from '../../../app/server.js';
import { withEnvFile } from '../../../app/setup/env-file.js';
import { readAppYml, newAppUrl } from '../../../app/setup/manifest.js';
import { startSetupServer, type SetupServer } from '../../../app/setup/setup-server.js';
import { startGitHubStandIn, type GitHubStandIn } from '../../support/github-stand-in.js';
import { loopbackOnly } from '../../support/loopback-only.js';
import { startSmeeStandIn } from '../../support/smee-stand-in.js';
import { deliver, testPrivateKey } from '../support/webhooks.js';
import { TestOctokit } from '../support/app-harness.js';

const PEM = testPrivateKey();
const quiet = { info: () => undefined, warn: () => undefined };
let gh: GitHubStandIn;
let cwd: string;
let setup: SetupServer | undefined;

loopbackOnly();
beforeEach(async () => {
  gh = await startGitHubStandIn();
  cwd = mkdtempSync(join(tmpdir(), 'loki-setup-'));
  gh.on('POST', /^\/api\/v3\/app-manifests\/([^/]+)\/conversions$/, (_req, match) => ({
    status: 201,
    body: { id: 777, slug: 'loki-test', html_url: `${gh.url}/apps/loki-test`, pem: PEM, webhook_secret: `whsec-${match[1]}`, client_id: 'Iv1.abc', client_secret: 'cs-123', owner: { login: 'octo-org' } },
  }));
});
afterEach(async () => {
  await setup?.close();
  setup = undefined;
  await gh.close();
  rmSync(cwd, { recursive: true, force: true });
});

/** GHES-style settings pointing at the stand-in (the API under /api/v3, GitHub's pages at the root). */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { GHE_HOST: gh.url.replace('http://', ''), GHE_PROTOCOL: 'http', PORT: '0', HOST: '127.0.0.1', NO_SMEE_SETUP: 'true', LOG_LEVEL: 'fatal', ...extra };
}

/** The setup page as a browser sees it: where its form posts, and the manifest in it. */
async function readPage(url: string): Promise<{ action: string; state: string; manifest: Record<string, unknown> }> {
  const response = await fetch(`${url}/`);
  expect(response.status).toBe(200);
  const html = await response.text();
  const action = /<form action="([^"]+)" method="post">/.exec(html)?.[1]?.replace(/&#38;/g, '&') ?? '';
  const raw = /name="manifest" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const manifest = JSON.parse(raw.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))) as Record<string, unknown>;
  return { action, state: new URL(action).searchParams.get('state') ?? '', manifest };
}

describe('first run: the manifest setup page', () => {
  it('registers the App from app.yml, exchanges the code on GHES, writes .env (0600) and the App then runs on it', async () => {
    setup = await startSetupServer({ env: env(), cwd, log: quiet });
    const { action, state, manifest } = await readPage(setup.url);
    expect(action).toBe(`${gh.url}/settings/apps/new?state=${state}`);
    expect(state).toMatch(/^[0-9a-f]{32}$/);
    const yml = readAppYml();
    expect(manifest).toEqual({
      ...yml,
      hook_attributes: { url: `${setup.url}/api/github/webhooks`, active: true },
      redirect_url: `${setup.url}/setup`,
    });
    expect(manifest.public).toBe(false);
    expect(manifest.default_permissions).toEqual({ metadata: 'read', contents: 'write', pull_requests: 'write', issues: 'write', checks: 'write', actions: 'read' });
    expect(manifest.default_events).toEqual(expect.arrayContaining(['pull_request_review', 'pull_request_review_comment', 'check_suite', 'workflow_run']));

    // GitHub redirects the browser back with a code and the state it was given.
    const back = await fetch(`${setup.url}/setup?code=c0de&state=${state}`, { redirect: 'manual' });
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe(`${gh.url}/apps/loki-test/installations/new`);
    const [conversion] = gh.find('POST', '/api/v3/app-manifests/c0de/conversions');
    expect(conversion?.headers.authorization).toBeUndefined();
    const written = await setup.registered;
    expect(written).toMatchObject({ APP_ID: '777', WEBHOOK_SECRET: 'whsec-c0de', GITHUB_CLIENT_ID: 'Iv1.abc' });

    const file = join(cwd, '.env');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const values = parseEnv(readFileSync(file, 'utf8'));
    expect(values).toMatchObject({ APP_ID: '777', PRIVATE_KEY: PEM, WEBHOOK_SECRET: 'whsec-c0de', GITHUB_CLIENT_SECRET: 'cs-123' });

    // The same link again does nothing more.
    expect((await fetch(`${setup.url}/setup?code=c0de&state=${state}`, { redirect: 'manual' })).status).toBe(410);
    expect(gh.find('POST', /conversions$/)).toHaveLength(1);
    await setup.close();
    setup = undefined;

    // Started again from .env alone, the App accepts webhooks signed with the new secret and no other.
    const app = await startAppServer({ env: withEnvFile(env({ LOKI_STATE_DIR: join(cwd, 'state') }), cwd), cwd, Octokit: TestOctokit, reconcileOnStart: false });
    try {
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      expect((await deliver(app.url, 'whsec-c0de', { event: 'ping', payload: { zen: 'hi', hook_id: 1 } })).status).toBe(200);
      expect((await deliver(app.url, 'another-secret', { event: 'ping', payload: { zen: 'hi', hook_id: 1 } })).status).toBeGreaterThanOrEqual(400);
    } finally {
      await app.close();
    }
  });

  it('attack: a callback with a code but a state this page never issued plants nothing (no conversion, no .env)', async () => {
    setup = await startSetupServer({ env: env(), cwd, log: quiet });
    for (const query of ['code=attacker', 'code=attacker&state=', 'code=attacker&state=0123456789abcdef0123456789abcdef']) {
      const response = await fetch(`${setup.url}/setup?${query}`, { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('This setup link was not started here');
    }
    // A state is good once: replaying it after use is refused too.
    const { state } = await readPage(setup.url);
    expect((await fetch(`${setup.url}/setup?state=${state}`, { redirect: 'manual' })).status).toBe(400);
    expect(gh.find('POST', /conversions$/)).toHaveLength(0);
    expect(existsSync(join(cwd, '.env'))).toBe(false);
  });

  it('a code GitHub refuses (expired, used) gets a page that says so, and no .env', async () => {
    gh.on('POST', /conversions$/, { status: 404, body: { message: 'Not Found' } });
    setup = await startSetupServer({ env: env(), cwd, log: quiet });
    const { state } = await readPage(setup.url);
    const response = await fetch(`${setup.url}/setup?code=old&state=${state}`, { redirect: 'manual' });
    expect(response.status).toBe(502);
    expect(await response.text()).toMatch(/HTTP 404.*The code lasts one hour and works once/s);
    expect(existsSync(join(cwd, '.env'))).toBe(false);
  });

  it('creates a smee channel for webhooks (Probot\'s first run), puts it in the manifest and in .env', async () => {
    const smee = await startSmeeStandIn();
    try {
      setup = await startSetupServer({ env: env({ NO_SMEE_SETUP: undefined }), cwd, log: quiet, smeeNewChannelUrl: smee.newChannelUrl });
      expect(smee.channels).toEqual([`${smee.url}/channel-1`]);
      expect(parseEnv(readFileSync(join(cwd, '.env'), 'utf8'))).toEqual({ WEBHOOK_PROXY_URL: `${smee.url}/channel-1` });
      const { manifest, state } = await readPage(setup.url);
      expect(manifest.hook_attributes).toEqual({ url: `${smee.url}/channel-1`, active: true });
      await fetch(`${setup.url}/setup?code=abc&state=${state}`, { redirect: 'manual' });
      expect(parseEnv(readFileSync(join(cwd, '.env'), 'utf8'))).toMatchObject({ WEBHOOK_PROXY_URL: `${smee.url}/channel-1`, APP_ID: '777' });
    } finally {
      await smee.close();
    }
  });

  it('answers /healthz (alive) and /readyz (not ready: not registered) while in setup', async () => {
    setup = await startSetupServer({ env: env(), cwd, log: quiet });
    expect(await (await fetch(`${setup.url}/healthz`)).json()).toEqual({ status: 'setup' });
    const ready = await fetch(`${setup.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ reason: expect.stringContaining('not registered') });
    expect((await fetch(`${setup.url}/api/github/webhooks`, { method: 'POST', body: '{}' })).status).toBe(405);
  });

  it('refuses to serve the setup page in production, naming the variables and the fix', async () => {
    await expect(startSetupServer({ env: env({ NODE_ENV: 'production' }), cwd, log: quiet })).rejects.toMatchObject({
      message: expect.stringContaining('APP_ID is not set, and with NODE_ENV=production'),
      fix: expect.stringMatching(/set APP_ID, PRIVATE_KEY_PATH \(or PRIVATE_KEY\) and WEBHOOK_SECRET/),
    });
  });

  it('registers on github.com by default, and under an organisation with GH_ORG', () => {
    expect(newAppUrl({})).toBe('https://github.com/settings/apps/new');
    expect(newAppUrl({ GH_ORG: 'octo-org' })).toBe('https://github.com/organizations/octo-org/settings/apps/new');
    expect(newAppUrl({ GHE_HOST: 'github.example.com' })).toBe('https://github.example.com/settings/apps/new');
  });
});
