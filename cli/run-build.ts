import type { Job } from '../runner/job/schema.js';
import { runJob, type RunJobOptions } from '../runner/run-job.js';
import { formatOutcome } from '../runner/report/format-progress.js';
import { createBuildView } from '../runner/report/build-view.js';
import { cancelledExitCode, runCancellable } from './run-cancellable.js';
import { buildOutcomeJson } from './outcome-json.js';

/**
 * The part `loki build` and `loki run-job` share: run the job with the live view on stderr, let
 * Ctrl-C / SIGTERM cancel it, print the closing lines, and (--json) the outcome on stdout.
 */
export async function runBuild(job: Job, options: Omit<RunJobOptions, 'signal' | 'onProgress' | 'onWarning'>, json: boolean): Promise<number> {
  const view = createBuildView({ write: (t) => process.stderr.write(t), isTTY: process.stderr.isTTY, columns: process.stderr.columns });
  const run = await runCancellable((signal) => runJob(job, {
    ...options,
    signal,
    onProgress: (p) => view.update(p),
    onWarning: (m) => view.note(`warning: ${m}`),
  }));
  // A cancel by a signal exits as the signal says (Ctrl-C 130, SIGTERM 143), and says so.
  const outcome = run.value.status === 'cancelled' ? { ...run.value, exitCode: cancelledExitCode(run, run.value.exitCode) } : run.value;
  view.done();
  process.stderr.write(formatOutcome(outcome));
  if (json) process.stdout.write(`${JSON.stringify(buildOutcomeJson(outcome))}\n`);
  return outcome.exitCode;
}
