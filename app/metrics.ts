import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ActiveJobs } from './active-jobs.js';
import type { Dispatcher } from './dispatch/dispatcher.js';

/**
 * What `GET /metrics` shows (Prometheus text, prom-client): jobs by kind and state, webhook
 * handling time by event, the installations' remaining API rate limit, and builds by outcome.
 * One registry per App, so that two Apps in one process (tests) keep their own.
 */
export interface AppMetrics {
  registry: Registry;
  webhookSeconds: Histogram<'event'>;
  builds: Counter<'outcome'>;
  /** Reads `x-ratelimit-remaining` from an installation client's response. */
  observeRateLimit(installationId: number, headers: Record<string, unknown> | undefined): void;
}

export function createAppMetrics(source: () => { active: ActiveJobs; dispatcher: Dispatcher } | undefined): AppMetrics {
  const registry = new Registry();
  new Gauge({
    name: 'loki_jobs',
    help: 'Jobs the App holds: queued (waiting for a slot), running here, or dispatched to GitHub Actions',
    labelNames: ['kind', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      const services = source();
      if (!services) return;
      const held = new Map((services.dispatcher.jobs?.() ?? []).map((j) => [j.jobId, j.state]));
      for (const kind of ['build', 'verify'] as const) for (const state of ['queued', 'running', 'dispatched'] as const) this.set({ kind, state }, 0);
      // A job the local dispatcher does not hold yet is still being set up: it waits, like a queued one.
      for (const job of services.active.all()) this.inc({ kind: job.kind, state: held.get(job.jobId) ?? (services.dispatcher.jobs ? 'queued' : 'dispatched') });
    },
  });
  const webhookSeconds = new Histogram({
    name: 'loki_webhook_handling_seconds',
    help: 'Time from a delivery reaching the App to the end of the work it started',
    labelNames: ['event'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const builds = new Counter({ name: 'loki_builds_total', help: 'Builds that ended, by outcome (the Loki Build check run conclusion)', labelNames: ['outcome'], registers: [registry] });
  const remaining = new Gauge({ name: 'loki_github_rate_limit_remaining', help: 'Requests left in the current rate-limit window, per installation', labelNames: ['installation'], registers: [registry] });
  return {
    registry,
    webhookSeconds,
    builds,
    observeRateLimit(installationId, headers) {
      const value = Number(headers?.['x-ratelimit-remaining']);
      if (Number.isFinite(value)) remaining.set({ installation: String(installationId) }, value);
    },
  };
}
