import { createKeyedQueue } from './keyed-queue.js';
import type { RepoRef } from '../github/repo-ref.js';

/** A job the App accepted and has not seen end. Rebuilt from GitHub by reconciliation after a restart. */
export interface ActiveJob {
  key: string;
  jobId: string;
  kind: 'build' | 'verify';
  installationId: number;
  ref: RepoRef;
  /** The issue (build) or pull request (verify). */
  number: number;
  /** The pull request head a verification is of. */
  headSha?: string;
  checkRunId?: number;
  statusCommentId?: number;
  /** Who or what cancelled it, as shown: `@login`, or `a newer head (abc1234)`. */
  cancelledBy?: string;
  /**
   * Set while the App is still setting the job up (check run, status comment, dispatch); settles
   * when that is over. A stop that arrives meanwhile is recorded in `cancelledBy` and honoured
   * before the dispatch (see setUpJob).
   */
  settingUp?: Promise<void>;
  /** Another replica took this job's lease: it runs the job now, and reports its end. */
  lostTo?: string;
}

/**
 * One active job per issue (and per pull request for verification), from the moment it is
 * accepted (still being set up) until its end is reported. `reserve` is synchronous, so two
 * deliveries racing for the same issue cannot both pass.
 */
export interface ActiveJobs {
  /** Records `job` under its key; false when the key already has a job. */
  reserve(job: ActiveJob): boolean;
  get(key: string): ActiveJob | undefined;
  byJobId(jobId: string): ActiveJob | undefined;
  release(key: string): void;
  /** Every job held now. */
  all(): ActiveJob[];
  /** Runs `work` after any earlier work for the same key has finished (per-key order, e.g. PR heads). */
  exclusive(key: string, work: () => Promise<void>): Promise<void>;
}

export function issueKey(ref: RepoRef, number: number): string {
  return `${ref.owner}/${ref.repo}#${number}`.toLowerCase();
}

export function pullKey(ref: RepoRef, number: number): string {
  return `${ref.owner}/${ref.repo}!${number}`.toLowerCase();
}

/** `onRelease` hears every job released (its lease in GitHub goes with it). */
export function createActiveJobs(onRelease: (job: ActiveJob) => void = () => undefined): ActiveJobs {
  const jobs = new Map<string, ActiveJob>();
  const exclusive = createKeyedQueue();
  return {
    exclusive,
    reserve(job) {
      if (jobs.has(job.key)) return false;
      jobs.set(job.key, job);
      return true;
    },
    get: (key) => jobs.get(key),
    byJobId: (jobId) => [...jobs.values()].find((j) => j.jobId === jobId),
    all: () => [...jobs.values()],
    release(key) {
      const job = jobs.get(key);
      jobs.delete(key);
      if (job) onRelease(job);
    },
  };
}
