import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for smee.io on 127.0.0.1: `HEAD /new` answers with a new channel's address (as
 * smee.io does), `GET /<channel>` is its server-sent event stream, and `send` publishes one
 * webhook on a channel the way smee.io relays it (headers and `body` in one JSON message).
 */
export interface SmeeStandIn {
  url: string;
  newChannelUrl: string;
  /** Channels created through `HEAD /new`, in order. */
  channels: string[];
  /** Resolves once `count` clients listen on the channel. */
  listening(channel: string, count?: number): Promise<void>;
  send(channel: string, headers: Record<string, string>, body: unknown): void;
  close(): Promise<void>;
}

export async function startSmeeStandIn(): Promise<SmeeStandIn> {
  const streams = new Map<string, ServerResponse[]>();
  const waiters: Array<() => void> = [];
  const channels: string[] = [];
  let base = '';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'HEAD' && path === '/new') {
      const channel = `${base}/channel-${channels.length + 1}`;
      channels.push(channel);
      res.writeHead(307, { location: channel }).end();
      return;
    }
    if (req.method === 'GET' && path.startsWith('/channel-')) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(': ready\n\n');
      const list = streams.get(path) ?? [];
      list.push(res);
      streams.set(path, list);
      req.on('close', () => streams.set(path, (streams.get(path) ?? []).filter((r) => r !== res)));
      for (const wake of waiters.splice(0)) wake();
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pathOf = (channel: string) => new URL(channel).pathname;
  return {
    url: base,
    newChannelUrl: `${base}/new`,
    channels,
    async listening(channel, count = 1) {
      while ((streams.get(pathOf(channel))?.length ?? 0) < count) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    send(channel, headers, body) {
      const message = JSON.stringify({ ...headers, body, timestamp: Date.now() });
      for (const res of streams.get(pathOf(channel)) ?? []) res.write(`data: ${message}\n\n`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const list of streams.values()) for (const res of list) res.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
