import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loopbackOnly } from '../support/loopback-only.js';
import { startSmeeStandIn, type SmeeStandIn } from '../support/smee-stand-in.js';
import { labeledPayload, SECRET, startHarness, type Harness } from './support/app-harness.js';
import { sign, waitFor } from './support/webhooks.js';

let h: Harness | undefined;
let smee: SmeeStandIn | undefined;
loopbackOnly();
afterEach(async () => {
  await h?.close();
  await smee?.close();
  h = smee = undefined;
});

describe('WEBHOOK_PROXY_URL (smee)', () => {
  it('forwards a signed webhook from the channel to the App, which handles it', async () => {
    smee = await startSmeeStandIn();
    const channel = `${smee.url}/channel-7`;
    h = await startHarness({ extraEnv: { WEBHOOK_PROXY_URL: channel } });
    expect(await h.server.webhookProxy).toBe(true);
    await smee.listening(channel);
    const payload = labeledPayload(h, { number: 9, sender: 'reader' });
    const body = JSON.stringify(payload);
    smee.send(channel, { 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': sign(SECRET, body), 'content-type': 'application/json' }, payload);
    const reply = await waitFor('the polite refusal', () => h!.gh.comments.find((c) => c.issue_number === 9));
    expect(reply.body).toContain('### Loki did not start');
  });

  it('a webhook through the channel with a bad signature does nothing', async () => {
    smee = await startSmeeStandIn();
    const channel = `${smee.url}/channel-8`;
    h = await startHarness({ extraEnv: { WEBHOOK_PROXY_URL: channel } });
    await smee.listening(channel);
    const payload = labeledPayload(h, { number: 10, sender: 'reader' });
    smee.send(channel, { 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': sign('wrong', JSON.stringify(payload)) }, payload);
    // A good one after it is handled, so the bad one had its chance first.
    const good = labeledPayload(h, { number: 11, sender: 'reader' });
    smee.send(channel, { 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': sign(SECRET, JSON.stringify(good)) }, good);
    await waitFor('the second refusal', () => h!.gh.comments.find((c) => c.issue_number === 11));
    await (await h.server.app.ready).background.idle();
    expect(h.gh.comments.filter((c) => c.issue_number === 10)).toHaveLength(0);
  });

  it('an unreachable channel is a warning, not a crash: the App serves', async () => {
    h = await startHarness({ extraEnv: { WEBHOOK_PROXY_URL: 'http://127.0.0.1:9/nothing' } });
    expect(await h.server.webhookProxy).toBe(false);
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
  });
});
