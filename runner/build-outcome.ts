import type { Evidence, GateStatus } from '../gates/evidence/schema.js';
import type { GateId } from '../gates/config/schema.js';

/** How a build run ended. Every status but `done` comes with the reason and whatever evidence exists. */
export const BUILD_STATUSES = ['done', 'capped', 'stuck', 'refused', 'blocked', 'error', 'cancelled'] as const;
export type BuildStatus = (typeof BUILD_STATUSES)[number];

export interface BuildOutcome {
  status: BuildStatus;
  /** STATUS_EXIT_CODES[status]; a build cancelled by a signal exits as that signal says (SIGTERM: 143). */
  exitCode: number;
  reason: string;
  evidence?: Evidence;
  branch?: string;
  headSha?: string;
  prNumber?: number;
  prUrl?: string;
  costUsd: number;
  iterations: number;
  /** Where evidence.json, report.md and results.sarif were written, when they were. */
  evidencePath?: string;
  /** True when the branch head was pushed to the remote. */
  pushed?: boolean;
}

export type BuildPhase = 'prepare' | 'reason' | 'act' | 'reflect' | 'verify' | 'review' | 'push' | 'report' | 'finished';

/** One update for the live view, the check run and the status comment. */
export interface BuildProgress {
  phase: BuildPhase;
  iteration: number;
  maxIterations: number;
  costUsd: number;
  budgetUsd: number;
  elapsedMs: number;
  message: string;
  gates?: { id: GateId; status: GateStatus }[];
  verdict?: Evidence['verdict'];
}

/**
 * Exit codes per the contract: 0 done, 1 stopped unverified, 2 refused/blocked, 3 could not run;
 * a cancelled build exits 130, as any Ctrl-C'd command does (143 when SIGTERM stopped it).
 * The README's table of statuses is tested against this one.
 */
export const STATUS_EXIT_CODES: Record<BuildStatus, number> = {
  done: 0,
  capped: 1,
  stuck: 1,
  refused: 2,
  blocked: 2,
  error: 3,
  cancelled: 130,
};
