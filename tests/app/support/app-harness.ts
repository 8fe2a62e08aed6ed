import type { Logger } from 'pino';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProbotOctokit } from 'probot';
import { startAppServer, type AppServer } from '../../../app/server.js';
import { finding, makeEvidence } from '../../support/evidence-fixture.js';
import { createTempRepo } from '../../support/temp-repo.js';
import { startFakeGitHub, type FakeGitHub, type FakeRepository } from './fake-github.js';
import { examplePayload, testPrivateKey } from './webhooks.js';

export const SECRET = 'test-webhook-secret';
const FAKE_RUNNER = join(dirname(fileURLToPath(import.meta.url)), 'fake-runner.mjs');
const PRIVATE_KEY = testPrivateKey();

export interface Harness {
  gh: FakeGitHub;
  server: AppServer;
  stateDir: string;
  runnerLogDir: string;
  env: NodeJS.ProcessEnv;
  /** What the fake runner recorded, one entry per start. */
  runs(): RunnerRecord[];
  /** Stops the server and starts a new one on the same state folder (a restart of the App). */
  restart(options?: { reconcileOnStart?: boolean }): Promise<void>;
  /** A second App instance on the same fake GitHub and runner log, with its own state folder and these variables (and its own Octokit class); closed with the harness. */
  startReplica(extraEnv: NodeJS.ProcessEnv, replicaOptions?: { Octokit?: typeof ProbotOctokit }): Promise<AppServer>;
  close(): Promise<void>;
}

/** Probot's Octokit without retries and write spacing: the tests count requests and want speed. */
export interface RunnerRecord {
  job: Record<string, unknown>;
  envNames: string[];
  token: string | null;
  tokenFileMode: string | null;
  /** When the runner started (Date.now() in its process). */
  startedAt: number;
}

export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));

export function appEnv(gh: FakeGitHub, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    APP_ID: '4242',
    PRIVATE_KEY,
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: gh.host,
    GHE_PROTOCOL: 'http',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'fatal',
    LOKI_RECONCILE_INTERVAL_MS: '0',
    // Fixtures' agent scripts (read-only in the sandbox) and a test's explicit LOKI_SANDBOX=none reach the runners.
    ...(process.env.LOKI_SANDBOX_READ_ONLY ? { LOKI_SANDBOX_READ_ONLY: process.env.LOKI_SANDBOX_READ_ONLY } : {}),
    ...(process.env.LOKI_SANDBOX ? { LOKI_SANDBOX: process.env.LOKI_SANDBOX } : {}),
    ...extra,
  };
}

/** A bare repository with a tiny Node project, served to jobs as a file path. */
export function createBareRemote(): { barePath: string; remove(): void } {
  const work = createTempRepo({ 'package.json': '{"name":"widgets","version":"1.0.0","scripts":{"test":"node --test"}}\n', 'README.md': '# widgets\n' });
  const barePath = mkdtempSync(join(tmpdir(), 'loki-bare-'));
  execFileSync('git', ['clone', '-q', '--bare', work.dir, barePath]);
  work.remove();
  return { barePath, remove: () => rmSync(barePath, { recursive: true, force: true }) };
}

export interface HarnessOptions {
  extraEnv?: NodeJS.ProcessEnv;
  reconcileOnStart?: boolean;
  /** A bare repository to serve instead of the default tiny project (owned by the caller). */
  barePath?: string;
  /** Run the real `loki run-job` (dist/cli/loki.js) instead of the scripted fake runner. */
  realRunner?: boolean;
  /** The App's logger (default: from the environment, LOG_LEVEL=fatal). */
  log?: Logger;
  /** The App's Octokit class (default: Probot's without retries and write spacing). */
  Octokit?: typeof ProbotOctokit;
  /** More repositories to serve, beside octo-org/widgets in installation 42. */
  repositories?: Array<{ owner: string; repo: string; installationId: number }>;
  /** The fake runner: hold each build this long before it reports; open each build's pull request. */
  runner?: { holdMs?: number; openPullRequest?: boolean };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const remote = options.barePath ? { barePath: options.barePath, remove: () => undefined } : createBareRemote();
  const gh = await startFakeGitHub({ barePath: remote.barePath });
  gh.roles.set('writer', 'write');
  gh.roles.set('reader', 'read');
  for (const repository of options.repositories ?? []) gh.addRepository(repository);
  const stateDir = mkdtempSync(join(tmpdir(), 'loki-app-state-'));
  const runnerLogDir = mkdtempSync(join(tmpdir(), 'loki-fake-runner-'));
  const evidenceFile = join(runnerLogDir, '..', `${runnerLogDir.split('/').pop()}-evidence.json`);
  writeFileSync(evidenceFile, JSON.stringify(makeEvidence({ verdict: 'BLOCKED', exit_code: 2, summary: 'a blocking finding', findings: [finding()] })));
  const env = appEnv(gh, { LOKI_STATE_DIR: stateDir, SOME_SERVICE_TOKEN: 'must-not-leak', ...options.extraEnv });
  const replicas: Array<{ server: AppServer; stateDir: string }> = [];
  const runnerArgs = [...(options.runner?.holdMs ? ['--hold-ms', String(options.runner.holdMs)] : []), ...(options.runner?.openPullRequest ? ['--open-pull'] : [])];
  const start = (reconcileOnStart = options.reconcileOnStart ?? false, appEnvironment = env, Octokit = options.Octokit ?? TestOctokit) =>
    startAppServer({
      env: appEnvironment,
      Octokit,
      reconcileOnStart,
      ...(options.log ? { log: options.log } : {}),
      jobCommand: options.realRunner ? undefined : ({ jobFile, outDir }) => ({ file: process.execPath, args: [FAKE_RUNNER, '--job', jobFile, '--log-dir', runnerLogDir, '--out', outDir, '--evidence', evidenceFile, ...runnerArgs] }),
    });
  const harness: Harness = {
    gh,
    server: await start(),
    stateDir,
    runnerLogDir,
    env,
    runs: () =>
      readdirSync(runnerLogDir)
        .filter((name) => name.endsWith('.json'))
        .sort()
        .map((name) => JSON.parse(readFileSync(join(runnerLogDir, name), 'utf8'))),
    async restart(again = {}) {
      await harness.server.close();
      harness.server = await start(again.reconcileOnStart);
    },
    async startReplica(extraEnv, replicaOptions = {}) {
      const replicaState = mkdtempSync(join(tmpdir(), 'loki-app-state-'));
      const server = await start(false, { ...env, LOKI_STATE_DIR: replicaState, ...extraEnv }, replicaOptions.Octokit);
      replicas.push({ server, stateDir: replicaState });
      return server;
    },
    async close() {
      for (const replica of replicas) {
        await replica.server.close();
        rmSync(replica.stateDir, { recursive: true, force: true });
      }
      await harness.server.close();
      await gh.close();
      remote.remove();
      rmSync(stateDir, { recursive: true, force: true });
      rmSync(runnerLogDir, { recursive: true, force: true });
      rmSync(evidenceFile, { force: true });
    },
  };
  return harness;
}

/** A real `issues.labeled` payload, pointed at the fake repository (or at `repository`). */
export function labeledPayload(h: Pick<Harness, 'gh'>, o: { number: number; title?: string; body?: string; label?: string; sender?: string; senderType?: string; action?: 'labeled' | 'unlabeled'; repository?: FakeRepository }): Record<string, unknown> {
  const repository = o.repository ?? h.gh;
  const payload = examplePayload('issues', o.action ?? 'labeled');
  const issue = payload.issue as Record<string, unknown>;
  const title = o.title ?? 'Add a greet function';
  repository.issues.set(o.number, { number: o.number, title, body: o.body ?? 'Add `greet(name)` returning "Hello, <name>!".\n\n- [ ] greet("Ada") returns "Hello, Ada!"', labels: [o.label ?? 'loki:build'], state: 'open' });
  Object.assign(issue, { number: o.number, title, body: repository.issues.get(o.number)?.body, labels: [{ name: o.label ?? 'loki:build' }] });
  delete issue.pull_request;
  payload.label = { name: o.label ?? 'loki:build', color: 'ededed' };
  payload.repository = repository.repositoryPayload();
  payload.sender = { login: o.sender ?? 'writer', type: o.senderType ?? 'User', id: 7 };
  payload.installation = { id: repository.installationId };
  return payload;
}

/** A real `issue_comment.created` payload with `body` on an issue (or a pull request). */
export function commentPayload(h: Pick<Harness, "gh">, o: { number: number; body: string; sender?: string; onPull?: boolean }): Record<string, unknown> {
  const payload = examplePayload('issue_comment', 'created');
  const known = h.gh.issues.get(o.number);
  const issue = payload.issue as Record<string, unknown>;
  Object.assign(issue, { number: o.number, title: known?.title ?? 'An issue', body: known?.body ?? '', labels: (known?.labels ?? []).map((name) => ({ name })) });
  if (o.onPull) issue.pull_request = { url: 'x' };
  else delete issue.pull_request;
  Object.assign(payload.comment as Record<string, unknown>, { body: o.body, user: { login: o.sender ?? 'writer', type: 'User' } });
  payload.repository = h.gh.repositoryPayload();
  payload.sender = { login: o.sender ?? 'writer', type: 'User', id: 7 };
  payload.installation = { id: h.gh.installationId };
  return payload;
}

/** A real `pull_request.opened` payload for a head in the fake repository (or a fork). */
export function pullPayload(h: Harness, o: { number: number; headSha: string; fork?: boolean; action?: string }): Record<string, unknown> {
  const payload = examplePayload('pull_request', o.action ?? 'opened');
  const pr = payload.pull_request as Record<string, Record<string, unknown>>;
  (pr as Record<string, unknown>).number = o.number;
  pr.head = { ...pr.head, sha: o.headSha, ref: 'feature', repo: { full_name: o.fork ? 'stranger/widgets' : `${h.gh.owner}/${h.gh.repo}` } };
  pr.base = { ...pr.base, ref: 'main', repo: { full_name: `${h.gh.owner}/${h.gh.repo}` } };
  payload.number = o.number;
  payload.repository = h.gh.repositoryPayload();
  payload.sender = { login: 'writer', type: 'User', id: 7 };
  payload.installation = { id: h.gh.installationId };
  return payload;
}
