import type { GateStep } from '../verify/gate.js';
import type { Toolchain } from '../toolchain/toolchain.js';
import { runTestSuite, type SuiteOptions } from './run-test-suite.js';

export interface FlakyCheck {
  /** Ids that failed before and passed on the rerun. */
  flaky: Set<string>;
  step: GateStep;
}

/**
 * Runs the suite once more and returns the tests among `failedIds` that now pass: they failed
 * for a reason other than the change (timing, order, the machine), so they must not be blamed on it.
 */
export async function findFlakyTests(toolchain: Toolchain, failedIds: readonly string[], options: SuiteOptions): Promise<FlakyCheck> {
  const rerun = await runTestSuite(toolchain, options);
  const passedNow = new Set((rerun.cases ?? []).filter((c) => c.status === 'passed').map((c) => c.id));
  return {
    flaky: new Set(failedIds.filter((id) => passedNow.has(id))),
    step: { name: 'rerun for flaky tests', command: rerun.command, exit_code: rerun.result.exitCode, duration_ms: rerun.result.durationMs },
  };
}
