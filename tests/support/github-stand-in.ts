import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the GitHub REST API on 127.0.0.1: per-test routes answer with JSON, and
 * every request is recorded (method, path, query, headers, parsed body) for the test to assert.
 * A request no route matches gets GitHub's own 404 shape, and is recorded too.
 */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. /repos/o/r/check-runs/1. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** When it arrived (Date.now()), before its body was read. */
  at: number;
}

export interface StandInReply {
  status?: number;
  body?: unknown;
  /** Sent as it is instead of `body` as JSON (a job log's text); give its content-type in `headers`. */
  raw?: string;
  headers?: Record<string, string>;
}

/** Answers the request; `undefined` passes it on to the routes added before this one. */
export type StandInHandler = (request: RecordedRequest, match: RegExpExecArray) => StandInReply | undefined | Promise<StandInReply | undefined>;

export interface GitHubStandIn {
  /** Base URL to use as GITHUB_API_URL / baseUrl. */
  url: string;
  requests: RecordedRequest[];
  /** Adds a route; later routes win over earlier ones for the same request. */
  on(method: string, path: string | RegExp, handler: StandInHandler | StandInReply): void;
  /** Requests with this method whose path matches. */
  find(method: string, path: string | RegExp): RecordedRequest[];
  close(): Promise<void>;
}

interface Route {
  method: string;
  pattern: RegExp;
  handler: StandInHandler;
}

export async function startGitHubStandIn(): Promise<GitHubStandIn> {
  const routes: Route[] = [];
  const requests: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => send(res, { status: 500, body: { message: String(error) } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const text = await readBody(req);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: text ? parseJson(text) : undefined,
      at,
    };
    requests.push(recorded);
    for (const route of [...routes].reverse()) {
      if (route.method !== recorded.method) continue;
      const match = route.pattern.exec(recorded.path);
      const reply = match ? await route.handler(recorded, match) : undefined;
      if (reply) return send(res, reply, requests.length);
    }
    send(res, { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } }, requests.length);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on(method, path, handler) {
      const pattern = typeof path === 'string' ? new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : path;
      routes.push({ method: method.toUpperCase(), pattern, handler: typeof handler === 'function' ? handler : () => handler });
    },
    find(method, path) {
      return requests.filter((r) => r.method === method.toUpperCase() && (typeof path === 'string' ? r.path === path : path.test(r.path)));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Like GitHub, every answer carries the rate limit: 5000 an hour, one less per request served. */
function send(res: ServerResponse, reply: StandInReply, served = 0): void {
  const body = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
  const rate = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': String(Math.max(0, 5000 - served)), 'x-ratelimit-used': String(served), 'x-ratelimit-resource': 'core' };
  res.writeHead(reply.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...rate, ...reply.headers });
  res.end(body);
}

/**
 * One page of a list as GitHub serves it: `per_page` (default 30, at most 100) and `page` from the
 * query, and a `Link` header with `next` and `last` while there are more pages. `key` wraps the
 * page the way some endpoints do (`{ total_count, repositories: [...] }`).
 */
export function pageOf(request: RecordedRequest, items: readonly unknown[], key?: string): StandInReply {
  const perPage = Math.min(100, Math.max(1, Number(request.query.get('per_page') ?? '30') || 30));
  const page = Math.max(1, Number(request.query.get('page') ?? '1') || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (n: number, rel: string) => {
    const query = new URLSearchParams(request.query);
    query.set('page', String(n));
    query.set('per_page', String(perPage));
    return `<http://${request.headers.host ?? '127.0.0.1'}${request.path}?${query}>; rel="${rel}"`;
  };
  const headers: Record<string, string> = page < last ? { link: [link(page + 1, 'next'), link(last, 'last')].join(', ') } : {};
  return { body: key ? { total_count: items.length, [key]: slice } : slice, headers };
}

export interface GitObjects {
  /** Refs by full name (`refs/loki/leases/issue-7`) per `owner/repo`. */
  refs(repo: string): Map<string, string>;
  commits: Map<string, { sha: string; message: string; tree: string; parents: string[] }>;
}

/**
 * GitHub's git database endpoints (trees, commits, refs) for every repository under `prefix`,
 * with GitHub's answers where it matters for a compare-and-set: creating a ref that exists is 422
 * "Reference already exists", a `PATCH` without `force` that is not a fast-forward is 422 "Update
 * is not a fast forward", and moving or deleting a missing ref is 422 "Reference does not exist".
 * Each request is answered whole before the next is read, so two racing writers see one winner.
 */
export function serveGitObjects(standIn: GitHubStandIn, prefix = ''): GitObjects {
  const refsByRepo = new Map<string, Map<string, string>>();
  const trees = new Set<string>();
  const commits: GitObjects['commits'] = new Map();
  const refs = (repo: string) => {
    let map = refsByRepo.get(repo);
    if (!map) refsByRepo.set(repo, (map = new Map()));
    return map;
  };
  const at = (tail: string) => new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/repos/([^/]+)/([^/]+)/git/${tail}$`);
  const repoOf = (m: RegExpExecArray) => `${m[1]}/${m[2]}`;
  const unprocessable = (message: string): StandInReply => ({ status: 422, body: { message, documentation_url: 'https://docs.github.com/rest/git/refs' } });
  const refJson = (name: string, sha: string) => ({ ref: name, node_id: `REF_${sha.slice(0, 8)}`, object: { sha, type: 'commit' } });
  const isAncestor = (ancestor: string, sha: string): boolean => {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length) {
      const next = stack.pop() as string;
      if (next === ancestor) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(commits.get(next)?.parents ?? []));
    }
    return false;
  };
  let counter = 0;
  const newSha = (kind: string, body: unknown) => createHash('sha1').update(`${kind}\0${counter++}\0${JSON.stringify(body)}`).digest('hex');

  standIn.on('POST', at('trees'), (r) => {
    const body = r.body as { tree?: unknown };
    if (!Array.isArray(body?.tree)) return unprocessable('Invalid tree info');
    const sha = newSha('tree', body.tree);
    trees.add(sha);
    return { status: 201, body: { sha, tree: body.tree, truncated: false } };
  });
  standIn.on('POST', at('commits'), (r) => {
    const body = r.body as { message?: unknown; tree?: unknown; parents?: unknown };
    if (typeof body?.message !== 'string' || typeof body.tree !== 'string' || !trees.has(body.tree)) return unprocessable('Tree SHA does not exist');
    const parents = Array.isArray(body.parents) ? body.parents.map(String) : [];
    if (parents.some((p) => !commits.has(p))) return unprocessable('Parent SHA does not exist or is not a commit object');
    const sha = newSha('commit', body);
    commits.set(sha, { sha, message: body.message, tree: body.tree, parents });
    return { status: 201, body: commitJson(sha) };
  });
  const commitJson = (sha: string) => {
    const c = commits.get(sha) as { message: string; tree: string; parents: string[] };
    return { sha, message: c.message, tree: { sha: c.tree }, parents: c.parents.map((p) => ({ sha: p })) };
  };
  standIn.on('GET', at('commits/([0-9a-f]{40})'), (_r, m) => (commits.has(m[3] as string) ? { body: commitJson(m[3] as string) } : { status: 404, body: { message: 'Not Found' } }));
  standIn.on('POST', at('refs'), (r, m) => {
    const body = r.body as { ref?: unknown; sha?: unknown };
    const name = typeof body?.ref === 'string' ? body.ref : '';
    if (!/^refs\/[^/]+\/.+/.test(name)) return unprocessable("Reference name must start with 'refs' and have at least two slashes.");
    if (typeof body.sha !== 'string' || !commits.has(body.sha)) return unprocessable('Object does not exist');
    const map = refs(repoOf(m));
    if (map.has(name)) return unprocessable('Reference already exists');
    map.set(name, body.sha);
    return { status: 201, body: refJson(name, body.sha) };
  });
  standIn.on('GET', at('ref/(.+)'), (_r, m) => {
    const name = `refs/${decodeURIComponent(m[3] as string)}`;
    const sha = refs(repoOf(m)).get(name);
    return sha ? { body: refJson(name, sha) } : { status: 404, body: { message: 'Not Found' } };
  });
  standIn.on('PATCH', at('refs/(.+)'), (r, m) => {
    const name = `refs/${decodeURIComponent(m[3] as string)}`;
    const body = r.body as { sha?: unknown; force?: unknown };
    const map = refs(repoOf(m));
    const current = map.get(name);
    if (!current) return unprocessable('Reference does not exist');
    if (typeof body?.sha !== 'string' || !commits.has(body.sha)) return unprocessable('Object does not exist');
    if (body.force !== true && !isAncestor(current, body.sha)) return unprocessable('Update is not a fast forward');
    map.set(name, body.sha);
    return { body: refJson(name, body.sha) };
  });
  standIn.on('DELETE', at('refs/(.+)'), (_r, m) => {
    const name = `refs/${decodeURIComponent(m[3] as string)}`;
    return refs(repoOf(m)).delete(name) ? { status: 204 } : unprocessable('Reference does not exist');
  });
  return { refs, commits };
}
