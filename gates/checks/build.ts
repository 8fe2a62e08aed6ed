import { baselineOptions, runBaseline } from '../baseline/run-baseline.js';
import { describeFailure } from '../core/run-command.js';
import { detectToolchain } from '../toolchain/detect-toolchain.js';
import { ensureDependencies } from '../toolchain/ensure-dependencies.js';
import { logTail } from '../toolchain/log-tail.js';
import { runBuildStep } from '../toolchain/run-build-step.js';
import type { ManifestError, Toolchain } from '../toolchain/toolchain.js';
import type { FindingDraft, Gate, GateContext, GateOutcome, GateStep } from '../verify/gate.js';
import { installTimeoutMs } from '../toolchain/install-timeout.js';

/**
 * The project builds. The build command comes from the config or the project's manifests;
 * dependencies are installed first when they are missing and a lockfile pins them. No supported
 * toolchain is inconclusive, never a pass.
 */
export const buildGate: Gate = {
  id: 'build',
  async run(ctx) {
    const toolchain = await detectToolchain(ctx.cwd, ctx.config);
    if (toolchain.manifestErrors.length > 0) return brokenManifest(toolchain.manifestErrors);
    if (toolchain.stacks.length === 0 && !toolchain.build) return { status: 'inconclusive', reason: toolchain.buildReason };
    const install = await ensureDependencies(toolchain, { signal: ctx.signal, timeoutMs: installTimeoutMs(ctx), progress: ctx.progress });
    const steps: GateStep[] = install.step ? [install.step] : [];
    if (!install.ok) return { status: 'inconclusive', reason: install.reason, steps, ...commandOf(install.result) };
    if (!toolchain.build) return { status: 'skipped', reason: toolchain.buildReason, steps };
    if (toolchain.missingDependencies) return { status: 'inconclusive', reason: `cannot build: ${toolchain.missingDependencies}`, steps };
    return build(toolchain, ctx, steps);
  },
};

async function build(toolchain: Toolchain, ctx: GateContext, steps: GateStep[]): Promise<GateOutcome> {
  const command = toolchain.build!;
  ctx.progress(command.display);
  const result = await runBuildStep(toolchain, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
  const recorded = { command: command.display, exitCode: result.exitCode, logSha256: result.logSha256 };
  if (result.timedOut || result.cancelled || result.spawnError) {
    return { status: 'inconclusive', reason: `${describeFailure(result)}${result.spawnError ? ` (is ${command.file} installed?)` : ''}`, steps, ...recorded };
  }
  if (result.exitCode === 0) return { status: 'pass', reason: `\`${command.display}\` succeeded`, steps, ...recorded };

  // A failing build gets the merge-base's build even without --baseline: a red base is not the change's fault.
  const baseline = await runBaseline(baselineOptions(toolchain, ctx, { proving: Boolean(ctx.baseline) }));
  const preExisting = baseline.buildFailed;
  const finding: FindingDraft = {
    rule: 'build-failed',
    severity: 'high',
    message: `the build failed: ${describeFailure(result)}${preExisting ? ' (it fails on the base too)' : ''}\n${logTail(result.log)}`,
    key: command.display,
    ...(preExisting ? { preExisting: true } : {}),
  };
  return {
    status: 'fail',
    reason: `${describeFailure(result)}${preExisting || baseline.error ? `; ${preExisting ? 'pre-existing: ' : ''}${baseline.buildReason}` : ''}${ctx.baseline ? '' : '; the merge-base was built because the build failed (automatic baseline)'}`,
    steps: [...steps, ...baseline.steps],
    findings: [finding],
    ...recorded,
  };
}

function brokenManifest(errors: readonly ManifestError[]): GateOutcome {
  return {
    status: 'fail',
    reason: errors.map((e) => e.message).join('; '),
    findings: errors.map((e) => ({ rule: 'manifest-invalid', severity: 'high', message: e.message, file: e.file, key: e.file })),
  };
}

function commandOf(result: { command: string; exitCode: number | null; logSha256: string } | undefined): Partial<GateOutcome> {
  return result ? { command: result.command, exitCode: result.exitCode, logSha256: result.logSha256 } : {};
}
