import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppLogger } from '../../app/log.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { commentPayload, labeledPayload, SECRET, startHarness, type Harness } from './support/app-harness.js';
import { deliver, waitFor } from './support/webhooks.js';

/** Operating the App: one log line per webhook, /readyz against GitHub, /metrics for Prometheus. */
let h: Harness | undefined;
loopbackOnly();
afterEach(async () => {
  await h?.close().catch(() => undefined);
  h = undefined;
});

/** Keys of one JSON object text, in order, at every depth: a repeated key at one level is a defect JSON.parse would hide. */
function repeatedKeys(line: string): string[] {
  const repeated: string[] = [];
  const stack: Set<string>[] = [];
  const tokens = line.matchAll(/"(?:[^"\\]|\\.)*"\s*:|"(?:[^"\\]|\\.)*"|[{}[\]]/g);
  for (const [token] of tokens) {
    if (token === '{') stack.push(new Set());
    else if (token === '}') stack.pop();
    else if (token.endsWith(':')) {
      const key = token.slice(0, token.lastIndexOf('"') + 1);
      const seen = stack.at(-1);
      if (seen?.has(key)) repeated.push(key);
      seen?.add(key);
    }
  }
  return repeated;
}

describe('the App in operation', () => {
  it('LOG_FORMAT=json: every line is one JSON object with unique keys, and a webhook gets one info line saying what was done', async () => {
    const out = new PassThrough();
    const lines: string[] = [];
    let buffered = '';
    out.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      lines.push(...parts);
    });
    h = await startHarness({ log: await createAppLogger({ LOG_FORMAT: 'json', LOG_LEVEL: 'info' }, out) });
    h.gh.issues.set(3, { number: 3, title: 't', body: '', labels: [], state: 'open' });
    const sent = await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 3, body: '/loki help' }) });
    await (await h.server.app.ready).background.idle();
    const webhookLines = await waitFor('the webhook log line', () => {
      const found = lines.filter((l) => l.includes(sent.id));
      return found.length > 0 && found;
    });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(() => JSON.parse(line), line).not.toThrow();
      expect(repeatedKeys(line), line).toEqual([]);
    }
    expect(webhookLines).toHaveLength(1);
    const entry = JSON.parse(webhookLines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 30, event: 'issue_comment.created', delivery: sent.id, repo: `${h.gh.owner}/${h.gh.repo}`, taken: 'answer the comment command' });
    expect(entry.msg).toBe(`webhook issue_comment.created ${sent.id} ${h.gh.owner}/${h.gh.repo}: answer the comment command`);

    // The same delivery again: one line saying it was ignored.
    await deliver(h.server.url, SECRET, { event: 'issue_comment', id: sent.id, payload: commentPayload(h, { number: 3, body: '/loki help' }) });
    await waitFor('the duplicate line', () => lines.filter((l) => l.includes(sent.id)).length === 2);
    expect(JSON.parse(lines.filter((l) => l.includes(sent.id))[1]!).taken).toBe('duplicate delivery, ignored');
  });

  it('/readyz is ready while GitHub answers and the App authenticates, and 503 with the reason once GitHub is down; /healthz stays live', async () => {
    h = await startHarness();
    const ready = await fetch(`${h.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { github: { ok: true, detail: 'answers' }, auth: { ok: true, detail: 'authenticated as loki-test' }, sandbox: { ok: true, detail: 'bwrap' } } });

    await h.gh.close();
    await new Promise((r) => setTimeout(r, 1_100)); // past the readiness cache
    const down = await fetch(`${h.server.url}/readyz`);
    expect(down.status).toBe(503);
    const report = (await down.json()) as { ready: boolean; checks: Record<string, { ok: boolean; detail: string }> };
    expect(report.ready).toBe(false);
    expect(report.checks.github!.ok).toBe(false);
    expect(report.checks.github!.detail).toMatch(/^GitHub does not answer/);
    expect(report.checks.sandbox!.ok).toBe(true);
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
  });

  it('/readyz says the App cannot authenticate when GitHub refuses its JWT', async () => {
    h = await startHarness();
    h.gh.standIn.on('GET', '/api/v3/app', { status: 401, body: { message: 'A JSON web token could not be decoded' } });
    const response = await fetch(`${h.server.url}/readyz`);
    expect(response.status).toBe(503);
    const report = (await response.json()) as { checks: Record<string, { ok: boolean; detail: string }> };
    expect(report.checks.github).toEqual({ ok: true, detail: 'answers' });
    expect(report.checks.auth!.ok).toBe(false);
    expect(report.checks.auth!.detail).toContain('GET /app answered 401');
    expect(report.checks.auth!.detail).toContain('check APP_ID and the private key');
  });

  it('/metrics: jobs by kind and state, webhook handling time by event, the rate limit left, in Prometheus text', async () => {
    h = await startHarness();
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 7 }) });
    await (await h.server.app.ready).background.idle();
    await waitFor('the dispatched job', () => h!.runs().length > 0);
    const response = await fetch(`${h.server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/^# TYPE loki_jobs gauge$/m);
    expect(text).toMatch(/^loki_jobs\{kind="verify",state="queued"\} 0$/m);
    expect(text).toMatch(/^loki_webhook_handling_seconds_count\{event="issues\.labeled"\} 1$/m);
    const remaining = Number(/^loki_github_rate_limit_remaining\{installation="\d+"\} (\d+)$/m.exec(text)?.[1]);
    expect(remaining).toBeGreaterThan(4000);
    expect(remaining).toBeLessThan(5000);
    expect(text).toMatch(/^# TYPE loki_builds_total counter$/m);
  });
});
