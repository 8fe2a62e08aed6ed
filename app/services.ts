import type { GitHubClient } from '../github/client.js';
import type { ActiveJobs } from './active-jobs.js';
import type { Background } from './background.js';
import type { DeliveryCache } from './dedupe-deliveries.js';
import type { Dispatcher } from './dispatch/dispatcher.js';
import type { ConfigReader } from './load-repo-config.js';
import type { EditThrottle } from '../github/throttle-edits.js';
import type { AppMetrics } from './metrics.js';
import type { JobLeases } from './job-leases.js';
import type { FollowUpQueue } from './follow-up-queue.js';

export type InstallationClient = GitHubClient & ConfigReader;

export interface AppLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

/** What every handler and flow of the App shares; built once in app/index.ts. */
export interface AppServices {
  dispatcher: Dispatcher;
  deliveries: DeliveryCache;
  active: ActiveJobs;
  /** This replica's leases in GitHub, one per active job: what keeps a second replica off the job. */
  leases: JobLeases;
  throttle: EditThrottle;
  background: Background;
  log: AppLog;
  /** Job ids reconciliation has resumed once; a second silent death is reported, not resumed again. */
  resumedJobs: Set<string>;
  /** Person-and-issue pairs already told why Loki did not act for them. */
  explained: Set<string>;
  /** The REST API root jobs report to (https://api.github.com or GHE's /api/v3). */
  apiUrl: string;
  metrics: AppMetrics;
  /** The login the App acts as (`<slug>[bot]`), read once: the author of Loki's pull requests and replies. */
  botLogin(): Promise<string>;
  /** Review and CI events of one Loki pull request, coalesced into one follow-up build. */
  followUps: FollowUpQueue;
  /** An installation client for work outside a webhook: job ends, reconciliation. */
  installationClient(installationId: number): Promise<InstallationClient>;
}
