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
  checkRunId?: number;
  statusCommentId?: number;
  /** Who or what cancelled it, as shown: `@login`, or `a newer head (abc1234)`. */
  cancelledBy?: string;
}

/**
 * One active job per issue (and per pull request for verification). `reserve` is synchronous, so
 * two deliveries racing for the same issue cannot both pass.
 */
export interface ActiveJobs {
  reserve(key: string): boolean;
  set(job: ActiveJob): void;
  get(key: string): ActiveJob | undefined;
  byJobId(jobId: string): ActiveJob | undefined;
  release(key: string): void;
  /** Reserved but not yet recorded (the job is being set up). */
  isReserved(key: string): boolean;
  /** Runs `work` after any earlier work for the same key has finished (per-key order, e.g. PR heads). */
  exclusive(key: string, work: () => Promise<void>): Promise<void>;
}

export function issueKey(ref: RepoRef, number: number): string {
  return `${ref.owner}/${ref.repo}#${number}`.toLowerCase();
}

export function pullKey(ref: RepoRef, number: number): string {
  return `${ref.owner}/${ref.repo}!${number}`.toLowerCase();
}

export function createActiveJobs(): ActiveJobs {
  const reserved = new Set<string>();
  const jobs = new Map<string, ActiveJob>();
  const chains = new Map<string, Promise<void>>();
  return {
    exclusive(key, work) {
      const run = (chains.get(key) ?? Promise.resolve()).then(work);
      const tail = run.catch(() => undefined);
      chains.set(key, tail);
      void tail.then(() => chains.get(key) === tail && chains.delete(key));
      return run;
    },
    reserve(key) {
      if (reserved.has(key) || jobs.has(key)) return false;
      reserved.add(key);
      return true;
    },
    set(job) {
      reserved.delete(job.key);
      jobs.set(job.key, job);
    },
    get: (key) => jobs.get(key),
    byJobId: (jobId) => [...jobs.values()].find((j) => j.jobId === jobId),
    release(key) {
      reserved.delete(key);
      jobs.delete(key);
    },
    isReserved: (key) => reserved.has(key),
  };
}
