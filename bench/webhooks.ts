// Webhook acknowledgement latency: Loki's App server next to a bare Probot app, in the same run, under
// concurrent signed deliveries on loopback. Loki's dispatcher and after-acknowledgement work are
// replaced by no-ops, so what is measured is exactly what GitHub waits for: signature check, payload
// validation, delivery de-duplication and the answer. Prints, never asserts.
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createNodeMiddleware, createProbot } from 'probot';
import type { Background } from '../app/background.js';
import type { Dispatcher } from '../app/dispatch/dispatcher.js';
import { startAppServer } from '../app/server.js';
import { percentile, printTable } from './measure.js';

const SECRET = 'bench-secret';
const IN_FLIGHT = 50;
const DELIVERIES = 2_000;
const WARM_UP = 200;

const noopDispatcher: Dispatcher = {
  name: 'noop',
  dispatch: async () => ({}),
  cancel: async () => false,
  isLive: async () => false,
  onEnd: () => undefined,
  close: async () => undefined,
};
const noopBackground: Background = { run: () => undefined, idle: async () => undefined };

function payload(n: number): string {
  return JSON.stringify({
    action: 'labeled',
    issue: { number: n, title: `Issue ${n}`, body: 'Add a greet function.', labels: [{ name: 'loki:build' }] },
    label: { name: 'loki:build' },
    repository: { id: 1, name: 'widgets', full_name: 'octo-org/widgets', owner: { login: 'octo-org' }, clone_url: 'https://github.com/octo-org/widgets.git', default_branch: 'main' },
    sender: { login: 'writer', type: 'User' },
    installation: { id: 42 },
  });
}

/** Sends `count` signed deliveries, `IN_FLIGHT` at a time; returns each one's latency in ms. */
async function hammer(url: string, count: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const body = payload(next++);
      const started = performance.now();
      const response = await fetch(`${url}/api/github/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'issues',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
        },
        body,
      });
      await response.arrayBuffer();
      if (response.status >= 300) throw new Error(`delivery answered ${response.status}`);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return latencies;
}

async function startBareProbot(env: NodeJS.ProcessEnv): Promise<{ url: string; close(): Promise<void> }> {
  const middleware = await createNodeMiddleware(
    (app) => {
      app.on('issues.labeled', async () => undefined);
    },
    { probot: createProbot({ env }) },
  );
  const server: Server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A server that only reads the body and answers: the machine's floor for this load, for scale. */
async function startFloorServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function benchWebhooks(): Promise<void> {
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  // GHE_HOST points nowhere: nothing measured here may reach an API.
  const env = { APP_ID: '1', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, PORT: '0', HOST: '127.0.0.1', GHE_HOST: '127.0.0.1:9', GHE_PROTOCOL: 'http', LOG_LEVEL: 'fatal' as const };
  const loki = await startAppServer({ env, dispatcher: async () => noopDispatcher, background: noopBackground, reconcileOnStart: false });
  const bare = await startBareProbot(env);
  const floor = await startFloorServer();
  try {
    await hammer(bare.url, WARM_UP);
    await hammer(loki.url, WARM_UP);
    // Alternating halves, so drift on a shared machine affects all alike.
    const lokiTimes: number[] = [];
    const bareTimes: number[] = [];
    const floorTimes: number[] = [];
    for (let round = 0; round < 2; round++) {
      bareTimes.push(...(await hammer(bare.url, DELIVERIES / 2)));
      lokiTimes.push(...(await hammer(loki.url, DELIVERIES / 2)));
      floorTimes.push(...(await hammer(floor.url, DELIVERIES / 2)));
    }
    const row = (times: number[]) => `p50 ${percentile(times, 50).toFixed(1)} ms   p99 ${percentile(times, 99).toFixed(1)} ms   max ${Math.max(...times).toFixed(1)} ms`;
    const ratio = percentile(lokiTimes, 99) / percentile(bareTimes, 99);
    printTable(`Webhook acknowledgement: ${DELIVERIES} signed issues.labeled deliveries, ${IN_FLIGHT} in flight, loopback`, [
      ['Loki App', row(lokiTimes)],
      ['bare Probot', row(bareTimes)],
      ['plain node:http (floor)', row(floorTimes)],
      ['p99 Loki / bare', `${ratio.toFixed(2)}×   (goal: p99 < 100 ms and ≤ 1.5×)`],
    ]);
  } finally {
    await loki.close();
    await bare.close();
    await floor.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchWebhooks();
