import Bottleneck from 'bottleneck';
import type { ProbotOctokit } from 'probot';
import { AppOctokit } from '../../../app/probot-octokit.js';

/**
 * The App's production Octokit (AppOctokit: throttling on, Loki's rate-limit answer) with Octokit's
 * write spacing — 1 s between writes and 3 s between writes that notify, per installation — divided
 * by `factor`, so a burst of 100 builds runs in seconds rather than minutes. Everything else is as in
 * production: writes one at a time per installation, 10 requests in flight, `retry-after` waited out
 * in real seconds. Each call makes its own limiters (one App process each, as two replicas are).
 */
export function scaledAppOctokit(factor: number): typeof ProbotOctokit {
  const groups = {
    global: new Bottleneck.Group({ id: 'octokit-global', maxConcurrent: 10 }),
    auth: new Bottleneck.Group({ id: 'octokit-auth', maxConcurrent: 1 }),
    search: new Bottleneck.Group({ id: 'octokit-search', maxConcurrent: 1, minTime: 2_000 / factor }),
    write: new Bottleneck.Group({ id: 'octokit-write', maxConcurrent: 1, minTime: 1_000 / factor }),
    notifications: new Bottleneck.Group({ id: 'octokit-notifications', maxConcurrent: 1, minTime: 3_000 / factor }),
  };
  return AppOctokit.defaults((options: Record<string, unknown>) => ({ ...options, throttle: { ...(options.throttle as object | undefined), ...groups } })) as typeof ProbotOctokit;
}
