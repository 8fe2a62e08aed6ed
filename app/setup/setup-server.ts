import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SmeeClient } from 'smee-client';
import { LokiError, toLokiError } from '../../gates/core/errors.js';
import { loadTemplate, renderTemplate } from '../../gates/core/templates.js';
import { convertManifestCode } from '../../github/app-manifest.js';
import { createGitHubClient } from '../../github/client.js';
import { readServerSettings } from '../read-app-settings.js';
import { envFilePath, updateEnvFile } from './env-file.js';
import { appManifest, newAppUrl, readAppYml } from './manifest.js';

export interface SetupLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

export interface SetupServerOptions {
  env: NodeJS.ProcessEnv;
  /** Where `.env` is written (the working directory, Probot's convention). */
  cwd: string;
  log: SetupLog;
  /** smee.io's "new channel" address; tests point it at a local stand-in. */
  smeeNewChannelUrl?: string;
}

export interface SetupServer {
  url: string;
  port: number;
  /** Resolves with what was written to `.env` once GitHub has handed over the new App's credentials. */
  registered: Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** How long a setup page's `state` stays valid: GitHub's manifest codes last an hour too. */
const STATE_TTL_MS = 60 * 60_000;

/**
 * First run, as in Probot: without APP_ID the server shows a page that registers the App on
 * GitHub (or GHES) from app.yml, then exchanges the code GitHub redirects back with
 * (`POST /app-manifests/{code}/conversions`) and writes APP_ID, PRIVATE_KEY and WEBHOOK_SECRET to
 * `.env`. Unlike Probot's page, the redirect must carry a `state` this page issued, so a link
 * with someone else's code cannot plant their App's credentials here; and the manifest points
 * webhooks at the path the App really listens on.
 */
export async function startSetupServer(options: SetupServerOptions): Promise<SetupServer> {
  const { env, log } = options;
  if (env.NODE_ENV === 'production') {
    throw new LokiError('USAGE', 'APP_ID is not set, and with NODE_ENV=production Loki does not serve its setup page (whoever reached it first could register an App of theirs on this server)', {
      fix: 'set APP_ID, PRIVATE_KEY_PATH (or PRIVATE_KEY) and WEBHOOK_SECRET from the App settings page; or register the App once with NODE_ENV unset (`loki app`, then open the page it prints), which writes them to .env',
    });
  }
  const settings = readServerSettings(env);
  const appYml = readAppYml();
  const envFile = envFilePath(options.cwd);
  const states = new Map<string, number>();
  const webhookProxyUrl = settings.webhookProxyUrl ?? (await createSmeeChannel(options, envFile));
  let done = false;
  let resolveRegistered!: (values: Record<string, string>) => void;
  const registered = new Promise<Record<string, string>>((resolve) => (resolveRegistered = resolve));

  const page = (req: IncomingMessage, res: ServerResponse) => {
    const baseUrl = baseUrlOf(req);
    const state = randomBytes(16).toString('hex');
    const now = Date.now();
    for (const [old, at] of states) if (now - at > STATE_TTL_MS) states.delete(old);
    states.set(state, now);
    const manifest = appManifest({ baseUrl, webhookPath: settings.webhookPath, webhookProxyUrl, appYml });
    html(res, 200, renderTemplate(loadTemplate('app/setup.html'), {
      name: escapeHtml(appYml.name),
      description: escapeHtml(appYml.description ?? ''),
      github_host: escapeHtml(new URL(newAppUrl(env)).host),
      env_file: escapeHtml(envFile),
      hook_url: escapeHtml(manifest.hook_attributes.url),
      permissions: escapeHtml(Object.entries(manifest.default_permissions).map(([k, v]) => `${k}: ${v}`).join(', ')),
      events: escapeHtml(manifest.default_events.join(', ')),
      create_url: escapeHtml(`${newAppUrl(env)}?state=${state}`),
      manifest: escapeHtml(JSON.stringify(manifest)),
    }));
  };

  const callback = async (query: URLSearchParams, res: ServerResponse) => {
    const code = query.get('code') ?? '';
    const state = query.get('state') ?? '';
    if (done) return message(res, 410, 'The App is already registered', `This server wrote its credentials to ${envFile}.`);
    const issued = states.get(state);
    if (!code || issued === undefined || Date.now() - issued > STATE_TTL_MS) {
      log.warn({ event: 'setup' }, 'refused a setup callback whose state this server did not issue');
      return message(res, 400, 'This setup link was not started here', 'Open this server\'s own page (/) and register the App from there.');
    }
    states.delete(state);
    const gh = createGitHubClient({ token: { anonymous: true }, baseUrl: settings.apiUrl, retries: 0, throttle: false });
    let app;
    try {
      app = await convertManifestCode(gh, code);
    } catch (error) {
      const problem = toLokiError(error);
      log.warn({ event: 'setup', err: error }, `could not turn the manifest code into credentials: ${problem.message}`);
      return message(res, 502, 'GitHub did not hand over the new App\'s credentials', `${problem.message}. The code lasts one hour and works once: open / and register again.`);
    }
    if (!app.webhook_secret) {
      return message(res, 502, 'GitHub returned no webhook secret', `Set a webhook secret on ${app.html_url} and put it in WEBHOOK_SECRET in ${envFile}, with APP_ID=${app.id}.`);
    }
    const values: Record<string, string> = {
      APP_ID: String(app.id),
      PRIVATE_KEY: app.pem,
      WEBHOOK_SECRET: app.webhook_secret,
      GITHUB_CLIENT_ID: app.client_id,
      GITHUB_CLIENT_SECRET: app.client_secret,
      ...(webhookProxyUrl ? { WEBHOOK_PROXY_URL: webhookProxyUrl } : {}),
    };
    updateEnvFile(envFile, values);
    done = true;
    log.info({ event: 'setup', app_id: app.id, slug: app.slug }, `registered the GitHub App ${app.slug} (id ${app.id}); wrote its credentials to ${envFile}`);
    res.writeHead(302, { location: `${app.html_url}/installations/new`, 'content-type': 'text/plain' }).end('Registered. Next: install the App.');
    resolveRegistered(values);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://setup.invalid');
    if (req.method !== 'GET' && req.method !== 'HEAD') return message(res, 405, 'Not here', 'The App is not registered yet: webhooks are not received until it is.');
    if (url.pathname === '/') return page(req, res);
    if (url.pathname === '/setup') {
      void callback(url.searchParams, res).catch((error: unknown) => message(res, 500, 'Setup failed', toLokiError(error).describe()));
      return;
    }
    if (url.pathname === '/healthz') return json(res, 200, { status: 'setup' });
    if (url.pathname === '/readyz') return json(res, 503, { status: 'setup', reason: 'the GitHub App is not registered yet: open / to register it' });
    return message(res, 404, 'Not found', 'The App is not registered yet: open / to register it.');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${settings.host === '0.0.0.0' || settings.host === '::' ? 'localhost' : settings.host}:${port}`;
  log.info({ event: 'setup', url }, `Loki is not registered as a GitHub App yet (no APP_ID): open ${url} to register it on ${new URL(newAppUrl(env)).host}`);
  return {
    url,
    port,
    registered,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Probot's first run makes a smee.io channel so GitHub can reach a laptop, and keeps it in .env.
 * Not in production, not when WEBHOOK_PROXY_URL is set, not with NO_SMEE_SETUP=true.
 */
async function createSmeeChannel(options: SetupServerOptions, envFile: string): Promise<string | undefined> {
  if (options.env.NO_SMEE_SETUP === 'true') return undefined;
  try {
    const url = await SmeeClient.createChannel(options.smeeNewChannelUrl ? { newChannelUrl: options.smeeNewChannelUrl } : {});
    updateEnvFile(envFile, { WEBHOOK_PROXY_URL: url });
    options.log.info({ event: 'setup', webhook_proxy_url: url }, `webhooks will reach this server through ${url} (WEBHOOK_PROXY_URL, written to ${envFile})`);
    return url;
  } catch (error) {
    options.log.warn({ event: 'setup', err: error }, 'could not create a smee.io channel: GitHub will send webhooks to this server\'s own address (set WEBHOOK_PROXY_URL, or NO_SMEE_SETUP=true to skip this)');
    return undefined;
  }
}

function baseUrlOf(req: IncomingMessage): string {
  const forwardedProto = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim();
  const protocol = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : 'http';
  const host = String(req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost').split(',')[0]!.trim();
  return `${protocol}://${host}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
}

function message(res: ServerResponse, status: number, title: string, detail: string): void {
  html(res, status, renderTemplate(loadTemplate('app/setup-done.html'), { name: 'Loki', message: escapeHtml(title), detail: escapeHtml(detail) }));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
