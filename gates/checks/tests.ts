import { baselineOptions, runBaseline, type BaselineRun } from '../baseline/run-baseline.js';
import { firstErrorLine } from '../core/first-error-line.js';
import { describeFailure } from '../core/run-command.js';
import { findFlakyTests, type FlakyCheck } from '../testing/find-flaky-tests.js';
import { findProvingTests, type ProvingTest, type ProvingTests } from '../testing/find-proving-tests.js';
import type { DeclaredChange } from '../spec/declared-change-kind.js';
import { runTestSuite, type SuiteRun } from '../testing/run-test-suite.js';
import { detectToolchain } from '../toolchain/detect-toolchain.js';
import { ensureDependencies } from '../toolchain/ensure-dependencies.js';
import { installTimeoutMs } from '../toolchain/install-timeout.js';
import { logTail } from '../toolchain/log-tail.js';
import { notRunAsTests, type Toolchain } from '../toolchain/toolchain.js';
import type { FindingDraft, Gate, GateContext, GateOutcome, GateStep } from '../verify/gate.js';
import type { TestCase, TestsData } from './tests-data.js';

/**
 * The project's tests pass, counted case by case from a machine-readable report — never from the
 * exit code alone. Zero tests, an uncountable runner, a timeout: inconclusive. With --baseline,
 * failures that also fail on the merge-base are pre-existing, and new failures that pass on one
 * rerun are flaky: both are reported, neither is blamed on the change. The baseline also runs the
 * head's tests on the merge-base's source: the tests that pass here and fail (or cannot exist)
 * there prove the change (`counts.proving`); where proving tests are required, none is a finding.
 */
export const testsGate: Gate = {
  id: 'tests',
  dependsOn: ['build'],
  async run(ctx) {
    const toolchain = await detectToolchain(ctx.cwd, ctx.config);
    if (!toolchain.test) return { status: 'inconclusive', reason: toolchain.stacks.length === 0 ? toolchain.testReason : `no tests to run: ${toolchain.testReason}` };
    const blockedBy = buildFailure(ctx);
    if (blockedBy) return { status: 'inconclusive', reason: blockedBy };
    const install = await ensureDependencies(toolchain, { signal: ctx.signal, timeoutMs: installTimeoutMs(ctx), progress: ctx.progress });
    const steps: GateStep[] = install.step ? [install.step] : [];
    if (!install.ok) return { status: 'inconclusive', reason: install.reason, steps };

    ctx.progress(toolchain.test.command.display);
    const head = await runTestSuite(toolchain, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
    // Without --baseline, a failure still gets the merge-base's run (the automatic baseline): a
    // failure that exists there is never blamed on the change. It costs time only when a test fails.
    const automatic = !ctx.baseline && failedAny(head);
    const baseline = (ctx.baseline || automatic) && ranToCompletion(head) ? await baselineFor(toolchain, ctx, automatic) : undefined;
    const flakes = baseline ? await checkFlakes(head, baseline, toolchain, ctx) : undefined;
    const judged = judge(head, toolchain, baseline, flakes?.flaky ?? new Set(), [...steps, ...(baseline?.steps ?? []), ...(flakes ? [flakes.step] : [])]);
    const leftOut = toolchain.test.leftOut?.length ? `ran \`${toolchain.test.script?.text ?? toolchain.test.command.display}\` alone; ${notRunAsTests(toolchain.test.leftOut)}` : '';
    const said = [leftOut, baseline && automatic ? `the merge-base was tested because a test failed (automatic baseline)` : '', baseline?.error ? baseline.testsReason : ''].filter(Boolean).join('; ');
    const outcome = said ? { ...judged, reason: `${judged.reason}; ${said}` } : judged;
    return baseline && !automatic ? withProvingTests(outcome, head, baseline, ctx) : outcome;
  },
};

/** A failing case, or a run that exited non-zero without naming one. */
function failedAny(run: SuiteRun): boolean {
  return (run.cases ?? []).some((c) => c.status === 'failed') || (run.result.exitCode !== 0 && run.result.exitCode !== null);
}

/** A build that failed on this change (not pre-existing) leaves nothing meaningful to test. */
function buildFailure(ctx: GateContext): string | undefined {
  const build = ctx.dependency('build');
  if (build?.status !== 'fail') return undefined;
  if ((build.findings ?? []).every((f) => f.preExisting)) return undefined;
  return `not run: the build failed (${build.reason})`;
}

/** The merge-base's run; the automatic one skips the proving run (nobody asked for proving tests). */
function baselineFor(toolchain: Toolchain, ctx: GateContext, automatic: boolean): Promise<BaselineRun> {
  return runBaseline(baselineOptions(toolchain, ctx, { proving: !automatic }));
}

/** The proving tests, or why they cannot be told. */
function provingOf(head: SuiteRun, baseline: BaselineRun): ProvingTests | string {
  if (baseline.error) return `the baseline could not run: ${baseline.error}`;
  const run = baseline.proving;
  if (!run) return `the head's tests could not run on the base (${baseline.testsReason})`;
  if (run.side === 'tests-only') return { proving: [], notRunOnBase: [] };
  if (!run.tests) return run.reason ?? "the head's tests did not run on the base";
  if (!ranToCompletion(run.tests)) return `the head's tests on the base's code did not finish: ${describeFailure(run.tests.result)}`;
  if (!run.tests.cases?.length) return `the head's tests on the base's code could not be counted: ${run.tests.why ?? 'no test cases'}`;
  if ([...(head.cases ?? []), ...run.tests.cases].some((c) => c.unnamed)) return `${head.runner} names only failing tests, so a test that passes here cannot be found on the base`;
  return findProvingTests(head.cases ?? [], run.tests.cases);
}

/**
 * Adds the proving tests to the outcome: counted and listed, said in the reason, and — where
 * proving tests are required (builds) — a finding when there is none or they cannot be told.
 */
function withProvingTests(outcome: GateOutcome, head: SuiteRun, baseline: BaselineRun, ctx: GateContext): GateOutcome {
  if (outcome.status === 'inconclusive' || outcome.status === 'skipped') return outcome;
  const found = provingOf(head, baseline);
  const { declared } = ctx.provingTest;
  // A change declared a refactor or docs-only has no new behaviour to prove.
  const required = ctx.provingTest.required && !declared;
  const marked = declared ? `; declared ${describeKind(declared)} by ${declared.by}${ctx.provingTest.required ? ', so no proving test is required' : ''}` : '';
  if (typeof found === 'string') {
    const finding: FindingDraft = { rule: 'proving-tests-unknown', severity: 'medium', key: 'proving', message: `could not tell which tests prove the change: ${found}` };
    return { ...outcome, reason: `${outcome.reason}; proving tests unknown: ${found}${marked}`, ...(required ? { findings: [...(outcome.findings ?? []), finding] } : {}) };
  }
  const n = found.proving.length;
  const only = baseline.proving?.side === 'tests-only' ? ' (the change touches only tests)' : '';
  const notRun = found.notRunOnBase.length ? `; ${found.notRunOnBase.length} not run by the base's test command` : '';
  const said = n ? `${n} proving test${s(n)} (fail${n === 1 ? 's' : ''} without the change)` : `no test fails without this change${only}`;
  const counts = { ...outcome.counts, proving: n };
  const extra: FindingDraft[] = [];
  if (required && n === 0) extra.push({ rule: 'no-proving-test', severity: 'medium', key: 'proving', message: `no test fails without this change: every test that passes here also passes on the merge-base's code${only}${notRun}. Fix: add a test that fails without the change and passes with it (a regression test for the bug, or a test of the new behaviour)` });
  if (declared && n > 0) extra.push(behaviourChanged(declared, found.proving));
  const findings = extra.length ? [...(outcome.findings ?? []), ...extra] : outcome.findings;
  return { ...outcome, reason: `${outcome.reason}; ${said}${notRun}${marked}`, counts, proving: found.proving, ...(findings ? { findings } : {}) };
}

function describeKind(declared: DeclaredChange): string {
  return declared.kind === 'refactor' ? 'a refactor' : 'docs-only';
}

/** A test that fails without a change said to keep behaviour shows that it does not: the declaration is wrong. */
function behaviourChanged(declared: DeclaredChange, proving: readonly ProvingTest[]): FindingDraft {
  const listed = proving.slice(0, 3).map((p) => p.id).join(', ');
  return {
    rule: 'declared-change-changes-behaviour',
    severity: 'medium',
    key: `declared:${declared.kind}`,
    message: `the change is declared ${describeKind(declared)} (by ${declared.by}), but ${proving.length} test${s(proving.length)} fail${proving.length === 1 ? 's' : ''} without it (${listed}${proving.length > 3 ? ', …' : ''}): it changes behaviour. Fix: describe the behaviour change instead of declaring ${describeKind(declared)}, or keep the behaviour the tests see`,
  };
}

/**
 * The base's test ids for integrity: none when the base had no tests at all (a first test suite
 * is not a regression), unknown when its run could not be counted or did not finish.
 */
function baseCasesOf(baseline: BaselineRun): TestCase[] | undefined {
  if (baseline.error) return undefined;
  if (!baseline.tests) return [];
  return ranToCompletion(baseline.tests) ? baseline.tests.cases : undefined;
}

/** With --baseline, failures that are new on the head get one rerun: a pass there means flaky. */
async function checkFlakes(head: SuiteRun, baseline: BaselineRun, toolchain: Toolchain, ctx: GateContext): Promise<FlakyCheck | undefined> {
  const failingOnBase = new Set((baseline.tests?.cases ?? []).filter((c) => c.status === 'failed').map((c) => c.id));
  const fresh = (head.cases ?? []).filter((c) => c.status === 'failed' && !failingOnBase.has(c.id)).map((c) => c.id);
  if (fresh.length === 0) return undefined;
  ctx.progress(`rerunning to tell flaky tests from broken ones (${fresh.length} new failure${s(fresh.length)})`);
  return findFlakyTests(toolchain, fresh, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
}

function ranToCompletion(run: SuiteRun): boolean {
  return !run.result.timedOut && !run.result.cancelled && !run.result.spawnError;
}

function judge(run: SuiteRun, toolchain: Toolchain, baseline: BaselineRun | undefined, flaky: ReadonlySet<string>, steps: GateStep[]): GateOutcome {
  const { result } = run;
  const recorded = { command: run.command, exitCode: result.exitCode, logSha256: result.logSha256, steps };
  if (!ranToCompletion(run)) {
    return { status: 'inconclusive', reason: `${describeFailure(result)}${result.spawnError ? ` (is ${toolchain.test!.command.file} installed?)` : ''}`, ...recorded };
  }
  if (run.interfered) return { status: 'inconclusive', reason: run.why ?? 'could not count test cases', ...recorded };
  const cases = run.cases ?? [];
  const baseCases = baseline ? baseCasesOf(baseline) : undefined;
  const data: TestsData = { runner: run.runner, cases, ...(baseCases ? { baseCases } : {}) };
  const counts = countCases(cases);
  const failed = cases.filter((c) => c.status === 'failed');

  if (failed.length > 0) return judgeFailures(failed, counts, run, toolchain, baseCases, flaky, { ...recorded, data });
  if (result.exitCode !== 0) {
    if (run.runner === 'pytest' && result.exitCode === 5) return { status: 'inconclusive', reason: 'zero tests: pytest collected no test cases', counts, data, ...recorded };
    return exitNonZero(run, counts, data, recorded);
  }
  if (run.cases === undefined) return { status: 'inconclusive', reason: run.why ?? 'could not count test cases', data, ...recorded };
  if (counts.passed === 0) {
    return { status: 'inconclusive', reason: counts.total === 0 ? `zero tests: ${run.why ?? `\`${run.command}\` ran no test cases`}` : `no test passed: all ${counts.total} are skipped`, counts, data, ...recorded };
  }
  return { status: 'pass', reason: `${counts.passed} test${s(counts.passed)} passed${counts.skipped ? `, ${counts.skipped} skipped` : ''} (${run.runner}${unnamedNote(cases)})`, counts, data, ...recorded };
}

function judgeFailures(
  failed: TestCase[],
  counts: ReturnType<typeof countCases>,
  run: SuiteRun,
  toolchain: Toolchain,
  baseCases: TestCase[] | undefined,
  flaky: ReadonlySet<string>,
  rest: Omit<GateOutcome, 'status' | 'reason'>,
): GateOutcome {
  const failingOnBase = new Set((baseCases ?? []).filter((c) => c.status === 'failed').map((c) => c.id));
  const findings: FindingDraft[] = failed.map((c) => {
    const preExisting = failingOnBase.has(c.id);
    if (!preExisting && flaky.has(c.id)) return flakyFinding(c);
    return {
      rule: 'test-failed',
      severity: 'high',
      key: c.id,
      message: `test failed: ${c.id}${c.message ? ` — ${c.message}` : ''}${describeAssertion(c)}${preExisting ? ' (fails on the base too)' : ''}`,
      ...(c.file ? { file: c.file } : {}),
      ...(c.file && c.line ? { line: c.line } : {}),
      ...(preExisting ? { preExisting: true } : {}),
    };
  });
  const fresh = findings.filter((f) => !f.preExisting && f.rule === 'test-failed').length;
  const flakes = findings.filter((f) => f.rule === 'test-flaky').length;
  const summary = `${counts.failed} of ${counts.total} test${s(counts.total)} failed`;
  if (toolchain.missingDependencies) {
    // Failures with dependencies missing may be the environment's fault, not the change's.
    return { status: 'inconclusive', reason: `${summary}, but ${toolchain.missingDependencies}`, counts, ...rest };
  }
  const pre = findings.length - fresh - flakes;
  const excused = [pre ? `${pre} pre-existing` : '', flakes ? `${flakes} flaky (passed on a rerun)` : ''].filter(Boolean).join(', ');
  // Failures excused as pre-existing prove nothing when nothing passes: the suite itself is broken.
  if (fresh === 0 && counts.passed === 0) return { status: 'inconclusive', reason: nothingPassed(run, failed, baseCases, summary), counts, findings, ...rest };
  if (fresh === 0) return { status: 'pass', reason: `${counts.passed} passed; ${summary}, none because of the change: ${excused} (${run.runner})`, counts, findings, ...rest };
  return { status: 'fail', reason: `${summary}${excused ? ` (${excused})` : ''} (${run.runner}${unnamedNote(run.cases ?? [])})`, counts, findings, ...rest };
}

/**
 * Why a run where no test passed and no failure is the change's is inconclusive: when the base
 * passes nothing either, the suite does not run at all (an import error, a missing install), and
 * the first error says why.
 */
function nothingPassed(run: SuiteRun, failed: TestCase[], baseCases: TestCase[] | undefined, summary: string): string {
  const basePassed = (baseCases ?? []).some((c) => c.status === 'passed');
  if (!basePassed) return `the suite does not run: ${firstErrorLine(run.result.log) ?? failed[0]?.message ?? `${failed[0]?.id} failed`} (${summary}, on the base too; ${run.runner})`;
  return `no test passed on the head: ${summary}, each also failing on the base, and the base's passing tests do not pass here (${run.runner})`;
}

/** What a runner that names only failing tests (uvu) leaves out: said wherever its run is judged. */
function unnamedNote(cases: readonly TestCase[]): string {
  return cases.some((c) => c.unnamed) ? '; it names only failing tests: passing ones are counted, not named, so a failure cannot be told flaky and tests cannot be followed across runs' : '';
}

function flakyFinding(c: TestCase): FindingDraft {
  return {
    rule: 'test-flaky',
    severity: 'medium',
    key: c.id,
    message: `flaky test: ${c.id} failed, then passed on a rerun${c.message ? ` — first failure: ${c.message}` : ''}`,
    ...(c.file ? { file: c.file } : {}),
  };
}

function exitNonZero(run: SuiteRun, counts: ReturnType<typeof countCases>, data: TestsData, rest: Omit<GateOutcome, 'status' | 'reason'>): GateOutcome {
  const reason = `${describeFailure(run.result)} and no failing test case was reported${run.cases === undefined ? ` (${run.why ?? 'cases not counted'})` : ''}`;
  return {
    status: 'fail',
    reason,
    counts,
    data,
    findings: [{ rule: 'tests-exit-nonzero', severity: 'high', key: run.command, message: `${reason}\n${logTail(run.result.log)}` }],
    ...rest,
  };
}

function countCases(cases: readonly TestCase[]): { total: number; passed: number; failed: number; skipped: number } {
  const by = (status: TestCase['status']) => cases.filter((c) => c.status === status).length;
  return { total: cases.length, passed: by('passed'), failed: by('failed'), skipped: by('skipped') };
}

function s(n: number): string {
  return n === 1 ? '' : 's';
}

/** "expected 20, actual 9 (test/x.test.js:6)": the values and the place, when the test report gives them. */
export function describeAssertion(c: TestCase): string {
  const values = c.expected !== undefined || c.actual !== undefined ? `expected ${c.expected ?? '?'}, actual ${c.actual ?? '?'}` : '';
  const where = c.file && c.line ? `${c.file}:${c.line}` : '';
  if (!values && !where) return '';
  return ` (${[values, where && `at ${where}`].filter(Boolean).join(' ')})`;
}
