import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ActiveJobs } from './active-jobs.js';
import type { Dispatcher } from './dispatch/dispatcher.js';

/**
 * What `GET /metrics` shows (Prometheus text, prom-client): jobs by kind and state, webhook
 * handling time by event, the installations' remaining API rate limit, builds by outcome, and per
 * installation the queue depth and the longest wait.
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
  // Per installation, from what the local dispatcher holds: how many wait for a slot, and since when the oldest has.
  const waiting = () => {
    const byInstallation = new Map<string, { depth: number; oldest: number }>();
    for (const job of source()?.dispatcher.jobs?.() ?? []) {
      if (job.state !== 'queued') continue;
      const line = byInstallation.get(String(job.installationId)) ?? { depth: 0, oldest: job.since };
      byInstallation.set(String(job.installationId), { depth: line.depth + 1, oldest: Math.min(line.oldest, job.since) });
    }
    return byInstallation;
  };
  new Gauge({
    name: 'loki_queue_depth',
    help: 'Jobs waiting for a runner slot, per installation',
    labelNames: ['installation'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [installation, line] of waiting()) this.set({ installation }, line.depth);
    },
  });
  new Gauge({
    name: 'loki_queue_wait_seconds',
    help: 'How long the longest-waiting queued job of each installation has waited for a runner slot',
    labelNames: ['installation'],
    registers: [registry],
    collect() {
      this.reset();
      const now = Date.now();
      for (const [installation, line] of waiting()) this.set({ installation }, (now - line.oldest) / 1000);
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
