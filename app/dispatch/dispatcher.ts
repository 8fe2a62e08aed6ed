import type { Job } from '../../runner/job/schema.js';

/**
 * Where jobs run. The App only talks to this interface: `local` runs the runner as a child process
 * of the App, `actions` starts a workflow run on GitHub's engine. Either way the runner reports
 * progress to GitHub itself (check run, sticky comment), so the App can restart without losing it.
 */
export interface DispatchRequest {
  job: Job;
  installationId: number;
  repositoryId: number;
  /** Fork pull requests: the job gets no token and no secret at all. */
  tokenless: boolean;
}

export interface JobEnd {
  jobId: string;
  /** `ended` covers every exit of the runner; what it achieved is in GitHub (check run). */
  state: 'ended' | 'cancelled' | 'failed_to_start';
  exitCode: number | null;
  /** One line for a human: why the job ended, when it ended badly. */
  reason: string;
  /** The last lines of the runner's output, for a failure report. */
  logTail: string;
  /** Where the runner wrote evidence.json (local dispatcher), readable until the listeners return. */
  outDir?: string;
}

export type JobEndListener = (end: JobEnd, request: DispatchRequest) => void | Promise<void>;

/** A job this dispatcher holds: waiting for a slot, or running here. */
export interface HeldJob {
  jobId: string;
  state: 'queued' | 'running';
  installationId: number;
  /** When it was handed to the dispatcher (ms since the epoch). */
  since: number;
}

/** What a job dispatched now for an installation would wait behind (the status comment's "queued, 3 ahead of you"). */
export interface QueueWait {
  /** Queued jobs that start before it (round-robin across installations). */
  ahead: number;
  /** Slots in use, of `slots`. */
  busy: number;
  slots: number;
}

export interface Dispatcher {
  readonly name: string;
  /** Accepts the job (queued or started); resolves once it is recorded, not when it ends. */
  dispatch(request: DispatchRequest): Promise<{ runUrl?: string }>;
  /** Stops a queued or running job; false when no such job is live here. */
  cancel(jobId: string): Promise<boolean>;
  isLive(jobId: string): Promise<boolean>;
  /** What it holds now, for /metrics and queue positions (optional: the Actions dispatcher hands jobs to GitHub). */
  jobs?(): HeldJob[];
  /** Where a job for this installation would stand if dispatched now (optional, as `jobs`). */
  waitFor?(installationId: number): QueueWait;
  onEnd(listener: JobEndListener): void;
  close(): Promise<void>;
}
