import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestCase } from '../checks/tests-data.js';
import { plainOutput } from '../core/plain-output.js';
import { runCommand, type CommandResult } from '../core/run-command.js';
import { projectCommandEnv } from '../core/project-command-env.js';
import type { TestRunner, Toolchain } from '../toolchain/toolchain.js';
import { planTestRun } from './plan-test-run.js';

export interface SuiteRun {
  command: string;
  result: CommandResult;
  runner: TestRunner;
  /** Undefined when the cases could not be counted; `why` says why. */
  cases?: TestCase[];
  why?: string;
  /** Loki's reporter injection broke the run: the exit code says nothing about the change. */
  interfered?: boolean;
}

export interface SuiteOptions {
  signal: AbortSignal;
  timeoutMs: number;
  onOutput?: (chunk: string) => void;
}

/** Runs the project's tests once with Loki's reporter and counts the cases. Needs `toolchain.test`. */
export async function runTestSuite(toolchain: Toolchain, options: SuiteOptions): Promise<SuiteRun> {
  const test = toolchain.test;
  if (!test) throw new Error('runTestSuite needs a test command');
  const reportDir = await mkdtemp(join(tmpdir(), 'loki-tests-'));
  try {
    const plan = await planTestRun(toolchain, test, reportDir);
    const startedAt = Date.now();
    // Reporters' files and parsed output are read without colour codes (Loki sets no NO_COLOR).
    const result = plainOutput(await runCommand(plan.command.file, plan.command.args, {
      cwd: toolchain.root,
      shell: plan.command.shell,
      env: projectCommandEnv(process.env, plan.env),
      replaceEnv: true,
      // Loki's reporters write into reportDir: the one writable folder besides the checkout.
      sandbox: { purpose: 'test', writable: [reportDir] },
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      maxLogBytes: 16 * 1024 * 1024,
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    }));
    const collected = await plan.collect(result, startedAt);
    return {
      command: plan.command.display,
      result,
      runner: collected.runner,
      ...(collected.cases ? { cases: collected.cases } : {}),
      ...(collected.why ? { why: collected.why } : {}),
      ...(collected.interfered ? { interfered: true } : {}),
    };
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}
