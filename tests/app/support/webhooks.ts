import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface ExampleGroup {
  name: string;
  examples: Array<Record<string, unknown>>;
}

const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as ExampleGroup[];

/** A real payload shape from @octokit/webhooks-examples for `event.action`, deep-copied. */
export function examplePayload(event: string, action?: string): Record<string, unknown> {
  const group = examples.find((g) => g.name === event);
  const example = group?.examples.find((e) => action === undefined || e.action === action);
  if (!example) throw new Error(`no webhooks example for ${event}.${action ?? ''}`);
  return structuredClone(example);
}

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface Delivery {
  event: string;
  payload: unknown;
  id?: string;
  /** Overrides the signature (for the bad-signature test). */
  signature?: string;
}

/** POSTs a signed delivery to the App, as GitHub does; resolves with the status and the delivery id. */
export async function deliver(appUrl: string, secret: string, delivery: Delivery): Promise<{ status: number; id: string; text: string }> {
  const body = JSON.stringify(delivery.payload);
  const id = delivery.id ?? randomUUID();
  const response = await fetch(`${appUrl}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': delivery.event,
      'x-github-delivery': id,
      'x-hub-signature-256': delivery.signature ?? sign(secret, body),
      'user-agent': 'GitHub-Hookshot/test',
    },
    body,
  });
  return { status: response.status, id, text: await response.text() };
}

export function testPrivateKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
}

/** Waits until `check` returns a truthy value (polling), or fails with `what`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
