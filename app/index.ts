import type { ApplicationFunction, Probot } from 'probot';
import type { GitHubClient } from '../github/client.js';
import { createActiveJobs } from './active-jobs.js';
import { createBackground, type Background } from './background.js';
import { createDeliveryCache } from './dedupe-deliveries.js';
import type { Dispatcher } from './dispatch/dispatcher.js';
import { finishJob } from './finish-job.js';
import { registerCheckRunHandlers } from './handlers/check-run.js';
import { registerFollowUpHandlers } from './handlers/follow-up.js';
import { createFollowUpQueue, DEFAULT_FOLLOW_UP_DELAY_MS } from './follow-up-queue.js';
import { startFollowUp } from './start-follow-up.js';
import { appBotLogin } from '../github/app-identity.js';
import { registerCommentHandlers } from './handlers/issue-comment.js';
import { registerIssueHandlers } from './handlers/issues.js';
import { registerPullRequestHandlers } from './handlers/pull-request.js';
import { reconcile, type ReconcileReport } from './reconcile.js';
import { createInstallationClients } from './installation-clients.js';
import type { AppServices } from './services.js';
import { createEditThrottle } from '../github/throttle-edits.js';
import { createAppMetrics, type AppMetrics } from './metrics.js';
import { createJobLeases, DEFAULT_LEASE_TTL_MS, replicaId } from './job-leases.js';

export interface LokiAppOptions {
  /** Builds the dispatcher once Probot is ready (the local one needs the App's own client to mint tokens). */
  dispatcher: (app: Probot) => Promise<Dispatcher>;
  apiUrl: string;
  /** Replaces the after-acknowledgement work runner (the benchmark measures acknowledgement alone). */
  background?: Background;
  /** Spacing of edits to one status comment. */
  commentEditIntervalMs?: number;
  /** Periodic reconciliation; 0 turns the timer off (start-up reconciliation still runs). */
  reconcileIntervalMs?: number;
  /** Names this replica in the job leases it takes in GitHub (LOKI_REPLICA_ID; default hostname-pid). */
  replicaId?: string;
  /** How long a job lease lives unless renewed (renewed every third of it). */
  leaseTtlMs?: number;
  /** How long review and CI events of one pull request are gathered before one follow-up starts. */
  followUpDelayMs?: number;
}

export interface LokiApp {
  appFn: ApplicationFunction;
  /** Resolves once handlers are registered and the dispatcher is ready. */
  ready: Promise<AppServices>;
  reconcileNow(): Promise<ReconcileReport>;
  /** What GET /metrics serves. */
  metrics: AppMetrics;
  close(): Promise<void>;
}

/**
 * The Loki GitHub App: handlers for issues, comments, pull requests and check runs over one set of
 * services (dispatcher, delivery de-duplication, one-job-per-issue registry, throttled comment
 * edits). Webhooks are acknowledged at once; the work runs after, and its state lives in GitHub.
 */
export function createLokiApp(options: LokiAppOptions): LokiApp {
  let resolveReady!: (s: AppServices) => void;
  let rejectReady!: (e: unknown) => void;
  const ready = new Promise<AppServices>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);
  let appClient: GitHubClient | undefined;
  let timer: NodeJS.Timeout | undefined;
  let reconciling: Promise<ReconcileReport> | undefined;
  let started: AppServices | undefined;
  const metrics = createAppMetrics(() => started);

  const reconcileNow = async () => {
    const services = await ready;
    if (!appClient) throw new Error('the App is not started');
    // One pass at a time: two overlapping passes could both see a build without a live job.
    reconciling ??= reconcile(services, appClient).finally(() => (reconciling = undefined));
    return reconciling;
  };

  const appFn: ApplicationFunction = async (app) => {
    try {
      const dispatcher = await options.dispatcher(app);
      appClient = (await app.auth()) as unknown as GitHubClient;
      const installationClient = createInstallationClients((id) => app.auth(id), metrics.observeRateLimit);
      const leases = createJobLeases({
        replica: options.replicaId ?? replicaId(process.env),
        ttlMs: options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS,
        client: installationClient,
        log: app.log,
        onLost(job, error) {
          app.log.error({ err: error, jobId: job.jobId }, `another replica took the lease of ${job.key}; stopping the job here`);
          job.lostTo = 'another replica';
          void dispatcher.cancel(job.jobId);
        },
      });
      const background = options.background ?? createBackground(app.log);
      const client = appClient;
      let botLogin: Promise<string> | undefined;
      const services: AppServices = {
        dispatcher,
        deliveries: createDeliveryCache(),
        active: createActiveJobs((job) => leases.release(job)),
        leases,
        throttle: createEditThrottle(options.commentEditIntervalMs ?? 3_000),
        background,
        botLogin: () => (botLogin ??= appBotLogin(client).catch((error: unknown) => {
          botLogin = undefined;
          throw error;
        })),
        followUps: createFollowUpQueue(options.followUpDelayMs ?? DEFAULT_FOLLOW_UP_DELAY_MS, background, (requests) => startFollowUp(services, requests)),
        log: app.log,
        explained: new Set(),
        resumedJobs: new Set(),
        apiUrl: options.apiUrl,
        installationClient,
        metrics,
      };
      started = services;
      dispatcher.onEnd((end, request) => finishJob(services, end, request.tokenless));
      registerIssueHandlers(app, services);
      registerCommentHandlers(app, services);
      registerPullRequestHandlers(app, services);
      registerCheckRunHandlers(app, services);
      registerFollowUpHandlers(app, services);
      const interval = options.reconcileIntervalMs ?? 5 * 60_000;
      if (interval > 0) {
        timer = setInterval(() => reconcileNow().catch((error: unknown) => app.log.warn({ err: error }, 'periodic reconciliation failed')), interval);
        timer.unref();
      }
      resolveReady(services);
    } catch (error) {
      rejectReady(error);
      throw error;
    }
  };

  return {
    appFn,
    ready,
    reconcileNow,
    metrics,
    async close() {
      if (timer) clearInterval(timer);
      const services = await ready.catch(() => undefined);
      if (!services) return;
      services.followUps.close();
      await services.background.idle();
      await services.dispatcher.close();
      await services.leases.close();
    },
  };
}
