import type { LeaseHolder } from '../github/lease.js';
import type { ActiveJob } from './active-jobs.js';
import type { AppServices } from './services.js';

export type Claim = { claimed: true } | { claimed: false; busyHere: true } | { claimed: false; busyHere: false; holder: LeaseHolder };

/**
 * Claims a job for this replica: reserved here (one job per issue or pull request in this
 * process), then its lease taken in GitHub (one replica per job across all of them). A job whose
 * lease another replica holds, live, is that replica's: the reservation is dropped and the job left
 * alone. A failure to reach GitHub drops the reservation too, and is the caller's to report.
 */
export async function claimJob(services: AppServices, job: ActiveJob): Promise<Claim> {
  if (!services.active.reserve(job)) return { claimed: false, busyHere: true };
  try {
    const lease = await services.leases.take(job);
    if (lease.taken) return { claimed: true };
    services.active.release(job.key);
    services.log.info({ jobId: job.jobId, holder: lease.holder.replica }, `${job.key} is held by replica ${lease.holder.replica}; leaving it alone`);
    return { claimed: false, busyHere: false, holder: lease.holder };
  } catch (error) {
    services.active.release(job.key);
    throw error;
  }
}
