import { info, summary, warning } from '@actions/core';
import { toLokiError } from '../gates/core/errors.js';
import { JOB_SUMMARY_BYTE_LIMIT, fitToLimit } from '../github/fit-to-limit.js';

/** Room left for what other tools may add to this step's summary. */
const MARGIN_BYTES = 4 * 1024;
const POINTER = '**Report cut to the 1 MiB job-summary limit** — the full report is report.md next to evidence.json.';

/**
 * Appends the report to the job summary, cut to GitHub's 1 MiB per step. Returns false when the
 * job has no summary file (GITHUB_STEP_SUMMARY unset: a local run), which is not a failure.
 */
export async function writeJobSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (!env.GITHUB_STEP_SUMMARY) return false;
  const text = fitToLimit(markdown, JOB_SUMMARY_BYTE_LIMIT - MARGIN_BYTES, { unit: 'bytes', pointer: POINTER });
  await summary.addRaw(text, true).write();
  summary.emptyBuffer();
  return true;
}

/** The report must reach the reader somewhere: the job summary, else the log. */
export async function writeSummarySafely(markdown: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    if (!(await writeJobSummary(markdown, env))) info(markdown);
  } catch (error) {
    warning(`could not write the job summary: ${toLokiError(error).message}`);
    info(markdown);
  }
}
