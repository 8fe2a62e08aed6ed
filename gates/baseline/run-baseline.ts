import { join } from 'node:path';
import type { LokiConfig } from '../config/schema.js';
import { describeFailure, succeeded, type CommandResult } from '../core/run-command.js';
import { withSandboxScope } from '../sandbox/scope.js';
import { runTestSuite, type SuiteRun } from '../testing/run-test-suite.js';
import { detectToolchain } from '../toolchain/detect-toolchain.js';
import { ensureDependencies } from '../toolchain/ensure-dependencies.js';
import { runBuildStep } from '../toolchain/run-build-step.js';
import type { Toolchain } from '../toolchain/toolchain.js';
import type { GateContext, GateStep } from '../verify/gate.js';
import { withWorktree } from '../git/with-worktree.js';
import { shareNodeModules } from '../toolchain/share-dependencies.js';
import { overlayHeadTests, splitTestSide, type ChangeUnderTest, type TestSide } from './overlay-head-tests.js';

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
  /** The head's tests on the base's source, for proving tests; absent when no change was given. */
  proving?: ProvingRun;
}

export interface ProvingRun {
  side: TestSide['kind'];
  /** The run of the head's tests without the change (for `no-test-changes`, the base's own run); none for `tests-only`. */
  tests?: SuiteRun;
  /** Why there is no run to compare with, when there is none. */
  reason?: string;
}

export interface BaselineOptions {
  head: Toolchain;
  config: LokiConfig;
  mergeBaseSha: string;
  signal: AbortSignal;
  timeoutMs: number;
  progress?: (message: string) => void;
  /** With the change, the head's tests also run on the base's source (proving tests). */
  change?: ChangeUnderTest;
}

/** The baseline of a verify run, as every gate asks for it (the first to ask runs it). */
/** `proving: false` (the automatic baseline on a failure) runs the merge-base only, without the proving run. */
export function baselineOptions(head: Toolchain, ctx: GateContext, { proving = true }: { proving?: boolean } = {}): BaselineOptions {
  return {
    head, config: ctx.config, mergeBaseSha: ctx.diff.mergeBaseSha, signal: ctx.signal, timeoutMs: ctx.timeoutMs, progress: ctx.progress,
    ...(proving ? { change: { headSha: ctx.diff.headSha, files: ctx.diff.files, testPatterns: ctx.config.verify.test_patterns } } : {}),
  };
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
  // The shared node_modules lives in the head checkout: the base's sandboxed commands may read it.
  return withSandboxScope({ readable: shared ? [join(options.head.root, 'node_modules')] : [] }, () => buildAndTestIn(dir, options, shared, steps));
}

async function buildAndTestIn(dir: string, options: BaselineOptions, shared: string | undefined, steps: GateStep[]): Promise<BaselineRun> {
  const base = await detectToolchain(dir, options.config);
  const run = { signal: options.signal, timeoutMs: options.timeoutMs };
  if (!shared) {
    // The same install as the head's (for Python: a virtualenv of the base's own, the same procedure).
    const install = await ensureDependencies(base, run);
    if (install.step) steps.push({ ...install.step, name: 'baseline install' });
    // A base that could not be installed says nothing: its failures must not excuse the head's.
    if (!install.ok) {
      const said = `the base could not be installed: ${install.reason}`;
      return { mergeBaseSha: options.mergeBaseSha, error: said, steps, buildFailed: false, buildReason: said, testsReason: said };
    }
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
  const done = { mergeBaseSha: options.mergeBaseSha, steps, buildFailed, buildReason };
  if (!base.test) {
    // A base without tests: the head's tests may still say what the base's code does.
    const proving = options.change && options.head.test ? await runHeadTests(dir, { ...base, test: options.head.test }, options, steps) : undefined;
    return { ...done, testsReason: `no tests on the base: ${base.testReason}`, ...(proving ? { proving } : {}) };
  }
  options.progress?.(`baseline: ${base.test.command.display}`);
  const tests = await runTestSuite(base, run);
  steps.push(step('baseline tests', tests.command, tests.result));
  const proving = options.change ? await runHeadTests(dir, base, options, steps, tests) : undefined;
  return { ...done, tests, testsReason: tests.why ?? `${tests.cases?.length ?? 0} test cases on the base`, ...(proving ? { proving } : {}) };
}

/**
 * The head's tests on the merge-base's source: the base's own run when the change touches no
 * test, nothing to run when it touches only tests (the tree would be the head's), else one more
 * run after the head's test files are put in place.
 */
async function runHeadTests(dir: string, base: Toolchain, options: BaselineOptions, steps: GateStep[], own?: SuiteRun): Promise<ProvingRun> {
  const side = splitTestSide(options.change!);
  if (side.kind === 'tests-only') return { side: side.kind, reason: 'the change touches only tests, so without it they run on the same code' };
  if (side.kind === 'no-test-changes' && own) return { side: side.kind, tests: own };
  if (side.kind === 'mixed') await overlayHeadTests(dir, options.change!.headSha, side);
  options.progress?.(`baseline: the head's tests on the base's code`);
  const tests = await runTestSuite(base, { signal: options.signal, timeoutMs: options.timeoutMs });
  steps.push(step("baseline tests with the head's tests", tests.command, tests.result));
  return { side: side.kind, tests };
}

function step(name: string, command: string, result: CommandResult): GateStep {
  return { name, command, exit_code: result.exitCode, duration_ms: result.durationMs };
}
