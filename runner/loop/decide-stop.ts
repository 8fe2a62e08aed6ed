export interface CapState {
  /** Iterations already run. */
  iterations: number;
  maxIterations: number;
  elapsedMs: number;
  maxMinutes: number;
  costUsd: number;
  budgetUsd: number;
  /** Failure signatures of past iterations, oldest first. */
  signatures: readonly string[];
  stuckAfter: number;
}

export type CapDecision = { status: 'capped' | 'stuck'; reason: string } | undefined;

/**
 * Whether another iteration may start. Checked before each one, so a cap stops the run between
 * iterations with the last checkpoint intact, never in the middle of an edit.
 */
export function decideStop(state: CapState): CapDecision {
  const recent = state.signatures.slice(-state.stuckAfter);
  if (recent.length >= state.stuckAfter && recent.every((s) => s === recent[0])) {
    return { status: 'stuck', reason: `stuck: the same failure repeated ${state.stuckAfter} times in a row` };
  }
  if (state.iterations >= state.maxIterations) {
    return { status: 'capped', reason: `reached the iteration cap (${state.maxIterations})` };
  }
  if (state.elapsedMs >= state.maxMinutes * 60_000) {
    return { status: 'capped', reason: `reached the time cap (${state.maxMinutes} min)` };
  }
  // A zero budget still lets free providers (the `command` provider reports $0) run.
  if (state.costUsd > 0 && state.costUsd >= state.budgetUsd) {
    return { status: 'capped', reason: `reached the budget cap ($${state.budgetUsd.toFixed(2)}; spent $${state.costUsd.toFixed(2)})` };
  }
  return undefined;
}
