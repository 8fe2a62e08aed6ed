import { firstErrorLine } from '../core/first-error-line.js';
import { describeFailure, runCommand, succeeded, type CommandResult } from '../core/run-command.js';
import type { GateStep } from '../verify/gate.js';
import { projectCommandEnv } from '../core/project-command-env.js';
import { installPythonVenv } from './install-python-venv.js';
import { lockedInstallCache } from './npm-cache.js';
import type { Toolchain } from './toolchain.js';

export interface InstallOutcome {
  /** False when an install was needed and did not succeed. */
  ok: boolean;
  /** The install step for the evidence; undefined when nothing was run. */
  step?: GateStep;
  reason: string;
  result?: CommandResult;
}

export interface InstallOptions {
  signal: AbortSignal;
  timeoutMs: number;
  progress?: (message: string) => void;
}

// One install per verify run and checkout, shared by the build and tests gates (keyed by the
// run's abort signal, which runVerify creates once per run).
const installs = new WeakMap<AbortSignal, Map<string, Promise<InstallOutcome>>>();

/** Installs dependencies when they are missing and a lockfile (or a configured command) says how. */
export function ensureDependencies(toolchain: Toolchain, options: InstallOptions): Promise<InstallOutcome> {
  let perRun = installs.get(options.signal);
  if (!perRun) installs.set(options.signal, (perRun = new Map()));
  const existing = perRun.get(toolchain.root);
  // The gate that ran the install records the step; later gates only learn the result.
  if (existing) return existing.then(({ step: _step, ...rest }) => rest);
  const promise = install(toolchain, options);
  perRun.set(toolchain.root, promise);
  return promise;
}

async function install(toolchain: Toolchain, options: InstallOptions): Promise<InstallOutcome> {
  const plan = toolchain.install;
  if (!plan) return { ok: true, reason: toolchain.missingDependencies ?? 'nothing to install' };
  if (!plan.needed) return { ok: true, reason: plan.reason };
  if (plan.venv) return installPythonVenv(toolchain.root, plan.venv, plan.reason, options);
  options.progress?.(`installing dependencies: ${plan.command.display}`);
  const cache = lockedInstallCache(plan.command);
  cache?.scrub();
  const result = await runCommand(plan.command.file, plan.command.args, {
    cwd: toolchain.root,
    shell: plan.command.shell,
    env: projectCommandEnv(process.env, cache?.env),
    replaceEnv: true,
    sandbox: { purpose: 'install', ...(cache ? { writable: cache.writable } : {}) },
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
  cache?.scrub();
  const step: GateStep = { name: 'install', command: plan.command.display, exit_code: result.exitCode, duration_ms: result.durationMs };
  const ok = succeeded(result);
  const detail = ok ? undefined : result.spawnError ? installHint(plan.command.file) : firstErrorLine(result.log);
  const reason = ok ? `installed dependencies (${plan.reason})` : `dependency install failed: ${describeFailure(result)}${detail ? `: ${detail}` : ''}`;
  return { ok, step, reason, result };
}

function installHint(tool: string): string {
  if (tool === 'pnpm' || tool === 'yarn') return `${tool} is not installed: run \`corepack enable\` (Node ships corepack) or install ${tool}, or set verify.commands.install`;
  return `${tool} is not installed: install it, or set verify.commands.install`;
}
