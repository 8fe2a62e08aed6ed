import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, createProbot, type Probot, type ProbotOctokit } from 'probot';
import { AppOctokit } from './probot-octokit.js';
import { LokiError } from '../gates/core/errors.js';
import { activeSandbox } from '../gates/sandbox/wrap.js';
import type { GitHubClient } from '../github/client.js';
import type { Background } from './background.js';
import { createActionsDispatcher } from './dispatch/actions-dispatcher.js';
import type { Dispatcher } from './dispatch/dispatcher.js';
import { createLocalDispatcher, type JobCommand } from './dispatch/local-dispatcher.js';
import { createTokenMinter } from './dispatch/mint-token.js';
import { createLokiApp, type LokiApp } from './index.js';
import { replicaId } from './job-leases.js';
import type { Logger } from 'pino';
import { createAppLogger } from './log.js';
import { readAppSettings, type AppSettings } from './read-app-settings.js';
import { startWebhookProxy } from './webhook-proxy.js';
import { defaultStateDir, preparePrivateDir } from './state-dir.js';
import { createReadiness, type ReadinessReport } from './readiness.js';
import type { Registry } from 'prom-client';

export interface AppServerOptions {
  env?: NodeJS.ProcessEnv;
  /** Where PRIVATE_KEY_PATH (when relative) and a lone `*.pem` are looked for (default: the working directory). */
  cwd?: string;
  /** The App's logger (default: one made from LOG_LEVEL / LOG_FORMAT, see app/log.ts). */
  log?: Logger;
  /** Replaces the dispatcher chosen by LOKI_DISPATCHER (the benchmark uses a no-op one). */
  dispatcher?: (app: Probot) => Promise<Dispatcher>;
  /** How the local dispatcher starts a runner (tests point it at the source CLI). */
  jobCommand?: JobCommand;
  background?: Background;
  /** Replaces Probot's Octokit class (tests turn the write throttling off; production keeps it). */
  Octokit?: typeof ProbotOctokit;
  /** Run the start-up reconciliation (default true). */
  reconcileOnStart?: boolean;
}

export interface AppServer {
  url: string;
  port: number;
  app: LokiApp;
  /** With WEBHOOK_PROXY_URL: resolves true once the smee channel is connected (false if it could not be yet). */
  webhookProxy?: Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Starts the App: Probot's middleware (signature-checked webhooks on WEBHOOK_PATH), `GET /healthz`
 * (liveness: 200 once the handlers and the dispatcher are ready, 503 before), `GET /readyz`
 * (GitHub answers, the App authenticates, a sandbox works), `GET /metrics` (Prometheus), Probot's env conventions
 * (APP_ID, PRIVATE_KEY[_PATH], WEBHOOK_SECRET, GHE_HOST/GHE_PROTOCOL, LOG_LEVEL, WEBHOOK_PROXY_URL),
 * then a first reconciliation so builds accepted before a restart carry on. The caller reads .env
 * (cli/commands/app.ts); without APP_ID it runs the setup server (app/setup/) first.
 */
export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  const env = options.env ?? process.env;
  const settings = readAppSettings(env, options.cwd);
  const log = options.log ?? (await createAppLogger(env));
  const probot = createProbot({
    env,
    overrides: { appId: settings.appId, privateKey: settings.privateKey, secret: settings.webhookSecret, log, Octokit: options.Octokit ?? AppOctokit },
  });
  // Which sandbox runs repository code, checked once: `none` is loud, and no sandbox at all is reported by every job.
  const sandbox = await activeSandbox(env);
  const app = createLokiApp({
    apiUrl: settings.apiUrl,
    dispatcher: options.dispatcher ?? ((p) => chooseDispatcher(p, settings, env, options.jobCommand)),
    background: options.background,
    reconcileIntervalMs: settings.reconcileIntervalMs,
    replicaId: settings.replicaId ?? replicaId(env),
    leaseTtlMs: settings.leaseTtlMs,
    followUpDelayMs: settings.followUpDelayMs,
  });
  let ready = false;
  const middleware = await createNodeMiddleware(app.appFn, { probot, webhooksPath: settings.webhookPath });
  await app.ready;
  ready = true;
  if (sandbox.ok && sandbox.mode === 'none') probot.log.warn('LOKI_SANDBOX=none: pull request code, builds and agents run WITHOUT a sandbox, as this user, with this machine in reach; use only for repositories whose every contributor you trust');
  if (!sandbox.ok) probot.log.error(`${sandbox.reason}: no pull request code or build will run until this is fixed. Fix: ${sandbox.fix}`);
  const sandboxName = sandbox.ok ? sandbox.mode : 'unavailable';

  const readiness = createReadiness({ appClient: async () => (await probot.auth()) as unknown as GitHubClient, sandbox });
  const server = createServer((req, res) => {
    const path = getPath(req);
    if (path === '/healthz') return answerHealth(res, ready, sandboxName);
    if (path === '/readyz') return void answerReadiness(res, ready, readiness);
    if (path === '/metrics') return void answerMetrics(res, app.metrics.registry);
    void Promise.resolve(middleware(req, res, () => notFound(res))).catch(() => notFound(res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host}:${port}`;
  const proxy = settings.webhookProxyUrl
    ? startWebhookProxy({ source: settings.webhookProxyUrl, target: `${url}${settings.webhookPath}`, log })
    : undefined;
  if (options.reconcileOnStart !== false) {
    app.reconcileNow().catch((error: unknown) => probot.log.warn({ err: error }, 'start-up reconciliation failed'));
  }
  return {
    url,
    port,
    app,
    webhookProxy: proxy?.connected,
    close: async () => {
      await proxy?.stop();
      await closeAll(server, app);
    },
  };
}

async function chooseDispatcher(probot: Probot, settings: AppSettings, env: NodeJS.ProcessEnv, jobCommand?: JobCommand): Promise<Dispatcher> {
  const appClient = (await probot.auth()) as unknown as GitHubClient;
  if (settings.dispatcher === 'actions') {
    const actions = settings.actions;
    if (!actions) throw new LokiError('USAGE', 'LOKI_DISPATCHER=actions needs LOKI_ACTIONS_REPO', { fix: 'set LOKI_ACTIONS_REPO=owner/repo, the repository holding .github/workflows/loki-build.yml' });
    return createActionsDispatcher({
      owner: actions.owner,
      repo: actions.repo,
      workflow: actions.workflow,
      ref: actions.ref,
      client: async () => {
        const { data } = await appClient.request('GET /repos/{owner}/{repo}/installation', { owner: actions.owner, repo: actions.repo });
        return (await probot.auth((data as { id: number }).id)) as unknown as GitHubClient;
      },
    });
  }
  return createLocalDispatcher({
    concurrency: settings.concurrency,
    stateDir: await preparePrivateDir(settings.stateDir ?? defaultStateDir(env, settings.appId)),
    mintToken: createTokenMinter(appClient),
    ...(jobCommand ? { jobCommand } : {}),
    baseEnv: env,
    log: probot.log,
  });
}

/** The path of a GET or HEAD (the App's own endpoints answer nothing else). */
function getPath(req: IncomingMessage): string | undefined {
  return req.method === 'GET' || req.method === 'HEAD' ? (req.url ?? '').split('?')[0] : undefined;
}

async function answerReadiness(res: ServerResponse, started: boolean, readiness: () => Promise<ReadinessReport>): Promise<void> {
  const report = started ? await readiness() : { ready: false, starting: true };
  res.writeHead(report.ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report));
}

async function answerMetrics(res: ServerResponse, registry: Registry): Promise<void> {
  try {
    const text = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType }).end(text);
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${(error as Error).message}`);
  }
}

function answerHealth(res: ServerResponse, ready: boolean, sandbox: string): void {
  res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ready ? 'ok' : 'starting', sandbox }));
}

function notFound(res: ServerResponse): void {
  if (!res.headersSent) res.writeHead(404, { 'content-type': 'application/json' });
  if (!res.writableEnded) res.end('{"message":"Not Found"}');
}

async function closeAll(server: Server, app: LokiApp): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await app.close();
}
