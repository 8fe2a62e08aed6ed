import type { LokiConfig } from '../config/schema.js';
import { describeFailure, type CommandResult } from '../core/run-command.js';
import { runTestSuite, type SuiteRun } from '../testing/run-test-suite.js';
import { detectToolchain } from '../toolchain/detect-toolchain.js';
import { ensureDependencies } from '../toolchain/ensure-dependencies.js';
import { runBuildStep } from '../toolchain/run-build-step.js';
import type { Toolchain } from '../toolchain/toolchain.js';
import type { GateStep } from '../verify/gate.js';
import { withWorktree } from '../git/with-worktree.js';
import { shareNodeModules } from '../toolchain/share-dependencies.js';

export interface BaselineRun {
  mergeBaseSha: string;
  /** The baseline could not run at all (worktree, detection): nothing on the base is known. */
  error?: string;
  /** Steps taken on the base, for the evidence. */
  steps: GateStep[];
  /** The base build ran and failed. */
  buildFailed: boolean;
  buildReason: string;
  /** The base test run; undefined when it could not run (`testsReason` says why). */
  tests?: SuiteRun;
  testsReason: string;
}

export interface BaselineOptions {
  head: Toolchain;
  config: LokiConfig;
  mergeBaseSha: string;
  signal: AbortSignal;
  timeoutMs: number;
  progress?: (message: string) => void;
}

// One baseline per verify run (keyed by the run's abort signal): build and tests share it.
const runs = new WeakMap<AbortSignal, Map<string, Promise<BaselineRun>>>();

/** Builds and tests the merge-base in a temporary worktree (`--baseline`), once per run. */
export function runBaseline(options: BaselineOptions): Promise<BaselineRun> {
  let perRun = runs.get(options.signal);
  if (!perRun) runs.set(options.signal, (perRun = new Map()));
  const key = `${options.head.root}\u0000${options.mergeBaseSha}`;
  const existing = perRun.get(key);
  if (existing) return existing;
  // Never throws: a baseline that cannot run leaves the head's results standing, with the reason.
  const promise = withWorktree(options.head.root, options.mergeBaseSha, (dir) => buildAndTest(dir, options)).catch(
    (error: unknown): BaselineRun => {
      const message = error instanceof Error ? error.message : String(error);
      return { mergeBaseSha: options.mergeBaseSha, error: message, steps: [], buildFailed: false, buildReason: `the baseline could not run: ${message}`, testsReason: `the baseline could not run: ${message}` };
    },
  );
  perRun.set(key, promise);
  return promise;
}

async function buildAndTest(dir: string, options: BaselineOptions): Promise<BaselineRun> {
  const short = options.mergeBaseSha.slice(0, 12);
  options.progress?.(`baseline: checking out ${short}`);
  const steps: GateStep[] = [];
  const shared = shareNodeModules(options.head, dir);
  const base = await detectToolchain(dir, options.config);
  const run = { signal: options.signal, timeoutMs: options.timeoutMs };
  if (!shared) {
    const install = await ensureDependencies(base, run);
    if (install.step) steps.push({ ...install.step, name: 'baseline install' });
  }
  let buildFailed = false;
  let buildReason = 'the base has no build step';
  if (base.build) {
    options.progress?.(`baseline: ${base.build.display}`);
    const result = await runBuildStep(base, run);
    steps.push(step('baseline build', base.build.display, result));
    buildFailed = !succeeded(result);
    buildReason = buildFailed ? `the base build failed too: ${describeFailure(result)}` : 'the base builds';
  }
  if (!base.test) return { mergeBaseSha: options.mergeBaseSha, steps, buildFailed, buildReason, testsReason: `no tests on the base: ${base.testReason}` };
  options.progress?.(`baseline: ${base.test.command.display}`);
  const tests = await runTestSuite(base, run);
  steps.push(step('baseline tests', tests.command, tests.result));
  return { mergeBaseSha: options.mergeBaseSha, steps, buildFailed, buildReason, tests, testsReason: tests.why ?? `${tests.cases?.length ?? 0} test cases on the base` };
}

function step(name: string, command: string, result: CommandResult): GateStep {
  return { name, command, exit_code: result.exitCode, duration_ms: result.durationMs };
}

function succeeded(result: CommandResult): boolean {
  return result.exitCode === 0 && !result.spawnError && !result.timedOut && !result.cancelled;
}
