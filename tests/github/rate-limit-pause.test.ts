import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../github/client.js';
import { loopbackOnly } from '../support/loopback-only.js';

/** A GitHub stand-in on 127.0.0.1 that answers the first POST with the secondary rate limit (retry-after 1). */
async function limitedGitHub(): Promise<{ url: string; arrivals: Array<{ method: string; path: string; at: number }>; server: Server }> {
  const arrivals: Array<{ method: string; path: string; at: number }> = [];
  const server = createServer((request, response) => {
    arrivals.push({ method: request.method ?? '', path: request.url ?? '', at: Date.now() });
    request.resume();
    const first = request.method === 'POST' && arrivals.filter((a) => a.method === 'POST').length === 1;
    response.writeHead(first ? 403 : 200, { 'content-type': 'application/json', ...(first ? { 'retry-after': '1' } : {}) });
    response.end(JSON.stringify(first ? { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' } : { ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals, server };
}

let open: Server | undefined;
loopbackOnly();
afterEach(() => new Promise<void>((resolve) => (open ? open.close(() => resolve()) : resolve())));

describe('a secondary rate limit pauses the client', () => {
  it('holds the client’s other requests until retry-after is over, and not another client’s', async () => {
    const gh = await limitedGitHub();
    open = gh.server;
    const client = createGitHubClient({ token: 't', baseUrl: gh.url, retries: 0 });
    const other = createGitHubClient({ token: 't', baseUrl: gh.url, retries: 0 });
    const write = client.request('POST /repos/o/r/issues/1/comments', { body: 'hi' });
    // Once the 403 is in, a read of the same client waits; another client's read does not.
    while (gh.arrivals.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [read, otherRead] = [client.request('GET /repos/o/r/issues/1'), other.request('GET /repos/o/r/issues/2')];
    await Promise.all([write, read, otherRead]);
    const limitedAt = gh.arrivals[0]!.at;
    const at = (path: string) => gh.arrivals.find((a) => a.method === 'GET' && a.path.endsWith(path))!.at - limitedAt;
    expect(at('/issues/1')).toBeGreaterThanOrEqual(950);
    expect(at('/issues/2')).toBeLessThan(900);
    // The limited write itself was sent again after the wait.
    expect(gh.arrivals.filter((a) => a.method === 'POST')).toHaveLength(2);
  });
});
