import { hostname } from 'node:os';
import { isLokiError } from '../gates/core/errors.js';
import type { GitHubClient } from '../github/client.js';
import { leaseName, liveElsewhere, readLease, releaseLease, renewLease, takeLease, type Lease, type LeaseHolder } from '../github/lease.js';
import { createKeyedQueue } from './keyed-queue.js';
import type { ActiveJob } from './active-jobs.js';

/**
 * The leases this replica holds in GitHub, one per active job (github/lease.ts): taken when a job
 * is reserved, renewed every third of the TTL while it is queued or running, released when it is
 * released. Operations on one job key run one after another, so a release never races the next
 * take of the same issue.
 */
export interface JobLeases {
  readonly replica: string;
  /** Takes the job's lease; the holder when another replica holds it, live. */
  take(job: ActiveJob): Promise<{ taken: true } | { taken: false; holder: LeaseHolder }>;
  /** Whether another replica holds the job's lease, live (a read: `take` is the atomic step). */
  heldElsewhere(job: LeaseSubject): Promise<boolean>;
  /** Releases the job's lease if this replica holds it for that job (in the background). */
  release(job: ActiveJob): void;
  /** Job keys whose lease is held here. */
  held(): string[];
  /** Stops renewing and releases every lease; resolves when GitHub has answered. */
  close(): Promise<void>;
}

export interface JobLeasesOptions {
  replica: string;
  ttlMs: number;
  client(installationId: number): Promise<GitHubClient>;
  /** Another replica took a lease this one held (this replica was paused past the TTL). */
  onLost(job: ActiveJob, error: unknown): void;
  log: { warn(details: Record<string, unknown>, message: string): void };
}

export type LeaseSubject = Pick<ActiveJob, 'kind' | 'ref' | 'number' | 'headSha' | 'installationId'>;

export const DEFAULT_LEASE_TTL_MS = 5 * 60_000;

/** LOKI_REPLICA_ID, else hostname-pid: stable per pod in Kubernetes, where the App runs as pid 1. */
export function replicaId(env: NodeJS.ProcessEnv): string {
  return env.LOKI_REPLICA_ID?.trim() || `${hostname()}-${process.pid}`;
}

/**
 * A default replica id (`hostname-pid`) of this machine whose process has exited: the App was
 * killed and restarted here, so its leases are taken back at once rather than after the TTL.
 */
export function goneFromThisHost(replica: string): boolean {
  const match = /^(.+)-(\d+)$/.exec(replica);
  if (!match || match[1] !== hostname()) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * `issue-N` for a build; `pr-N-<head>` for a verification, since a newer head supersedes the
 * older one's job whichever replica receives it.
 */
function nameOf(job: LeaseSubject): string {
  if (job.kind === 'build') return leaseName('issue', job.number);
  return job.headSha ? `${leaseName('pr', job.number)}-${job.headSha.slice(0, 12)}` : leaseName('pr', job.number);
}

interface Held {
  jobId: string;
  installationId: number;
  lease: Lease;
  timer: NodeJS.Timeout;
}

export function createJobLeases(options: JobLeasesOptions): JobLeases {
  const held = new Map<string, Held>();
  const inOrder = createKeyedQueue();

  const renew = (job: ActiveJob) =>
    inOrder(job.key, async () => {
      const entry = held.get(job.key);
      if (!entry || entry.jobId !== job.jobId) return;
      try {
        entry.lease = await renewLease(await options.client(job.installationId), entry.lease, options.ttlMs);
      } catch (error) {
        if (!isLokiError(error) || error.code !== 'LEASE_LOST') {
          options.log.warn({ err: error, jobId: job.jobId }, 'could not renew a job lease; retrying at the next interval');
          return;
        }
        clearInterval(entry.timer);
        held.delete(job.key);
        options.onLost(job, error);
      }
    });

  const drop = (key: string, jobId?: string) =>
    inOrder(key, async () => {
      const entry = held.get(key);
      if (!entry || (jobId !== undefined && entry.jobId !== jobId)) return;
      clearInterval(entry.timer);
      held.delete(key);
      try {
        await releaseLease(await options.client(entry.installationId), entry.lease);
      } catch (error) {
        options.log.warn({ err: error, jobId: entry.jobId }, 'could not release a job lease; it expires by itself');
      }
    });

  return {
    replica: options.replica,
    take: (job) =>
      inOrder(job.key, async () => {
        const result = await takeLease(await options.client(job.installationId), job.ref, nameOf(job), { replica: options.replica, ttlMs: options.ttlMs, gone: goneFromThisHost });
        if (!result.taken) return result;
        const timer = setInterval(() => void renew(job), Math.max(1_000, Math.floor(options.ttlMs / 3)));
        timer.unref();
        const previous = held.get(job.key);
        if (previous) clearInterval(previous.timer);
        held.set(job.key, { jobId: job.jobId, installationId: job.installationId, lease: result.lease, timer });
        return { taken: true as const };
      }),
    release(job) {
      void drop(job.key, job.jobId);
    },
    async heldElsewhere(job) {
      const current = await readLease(await options.client(job.installationId), job.ref, nameOf(job));
      return current?.holder !== undefined && liveElsewhere(current.holder, { replica: options.replica, gone: goneFromThisHost });
    },
    held: () => [...held.keys()],
    async close() {
      await Promise.all([...held.keys()].map((key) => drop(key)));
    },
  };
}
