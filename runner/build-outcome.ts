import type { Evidence, GateStatus } from '../gates/evidence/schema.js';
import type { GateId } from '../gates/config/schema.js';

/** How a build run ended. Every status but `done` comes with the reason and whatever evidence exists. */
export type BuildStatus = 'done' | 'capped' | 'stuck' | 'refused' | 'blocked' | 'error' | 'cancelled';

export interface BuildOutcome {
  status: BuildStatus;
  exitCode: 0 | 1 | 2 | 3;
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

/** Exit codes per the contract: 0 done, 1 stopped unverified, 2 refused/blocked, 3 could not run. */
export const STATUS_EXIT_CODES: Record<BuildStatus, 0 | 1 | 2 | 3> = {
  done: 0,
  capped: 1,
  stuck: 1,
  cancelled: 1,
  refused: 2,
  blocked: 2,
  error: 3,
};
