import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appEnv, pullPayload, SECRET, startHarness, type Harness } from '../app/support/app-harness.js';
import { deliver, waitFor } from '../app/support/webhooks.js';
import { createBuildFixture, type BuildFixture } from '../runner/support/build-fixture.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { plantSecrets, secretsIn, type PlantedSecrets } from './support/planted-secrets.js';

/**
 * The PR credential hunt end to end: signed webhooks into the real App, the local GitHub stand-in,
 * the local dispatcher and the real runner. The PR's test script is the hunter; the repository
 * turns the network on for its tests (the worst case), so the hunter can send home what it finds.
 * It must find none of the App's private key, its webhook secret, or any installation token —
 * for a fork's PR (no token) and for a PR from the repository itself (its job holds a token).
 */
const CONFIG = { sandbox: { network: 'on' }, verify: { gates: ['diff', 'tests'] } };

loopbackOnly();
describe('attack, end to end: a pull request hunts the App for credentials', () => {
  let planted: PlantedSecrets;
  let f: BuildFixture;
  let h: Harness | undefined;
  let server: Server;
  let received: string[];

  beforeEach(async () => {
    planted = plantSecrets();
    f = createBuildFixture();
    received = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(body);
        res.end('ok');
      });
    }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
  });
  afterEach(async () => {
    await h?.close();
    server.close();
    f.cleanup();
    planted.cleanup();
  });

  it.each([
    ['a fork', true],
    ['the repository itself', false],
  ])('from %s: the hunter runs, and finds and writes nothing it should not', async (_from, fork) => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/loot`;
    f.seed.commit('config', { '.github/loki.yml': `${JSON.stringify(CONFIG)}\n` });
    f.seed.git('push', '-q', f.remote, 'main');
    f.seed.git('checkout', '-q', '-b', 'feature');
    const head = f.seed.commit('a helpful change', {
      'hunt.mjs': planted.hunter({ url }),
      'package.json': `${JSON.stringify({ name: 'calc', version: '1.0.0', type: 'module', scripts: { test: 'node hunt.mjs && node --test' } })}\n`,
    });
    f.seed.git('push', '-q', f.remote, 'feature');
    h = await startHarness({ barePath: f.remote, realRunner: true, extraEnv: { HOME: planted.home, TMPDIR: planted.tmp, PRIVATE_KEY_PATH: planted.keyFile } });
    h.gh.config = CONFIG;
    const ack = await deliver(h.server.url, SECRET, { event: 'pull_request', payload: pullPayload(h, { number: 12, headSha: head, fork }) });
    expect(ack.status).toBe(200);
    const run = await waitFor('the Loki Verify check run to complete', () => h!.gh.checkRuns.find((r) => r.name === 'Loki Verify' && r.status === 'completed'), 90_000);

    expect(received.length, JSON.stringify(run.output).slice(0, 1500)).toBeGreaterThan(0);
    const loot = received.join('\n');
    const env = appEnv(h.gh);
    const tokens = h.gh.tokens.map((_t, i) => `ghs_fake${i + 1}`);
    expect(secretsIn(loot, [String(env.PRIVATE_KEY), String(env.WEBHOOK_SECRET), ...tokens, ...planted.values])).toEqual([]);
    expect(planted.writtenOutside()).toEqual([]);
  }, 150_000);
});
