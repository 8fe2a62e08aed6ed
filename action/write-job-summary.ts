import { summary } from '@actions/core';
import { JOB_SUMMARY_BYTE_LIMIT, fitToLimit } from '../runner/github/fit-to-limit.js';

/** Room left for what other tools may add to this step's summary. */
const MARGIN_BYTES = 4 * 1024;

/**
 * Appends the report to the job summary, cut to GitHub's 1 MiB per step. Returns false when the
 * job has no summary file (GITHUB_STEP_SUMMARY unset: a local run), which is not a failure.
 */
export async function writeJobSummary(markdown: string, pointer: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (!env.GITHUB_STEP_SUMMARY) return false;
  const text = fitToLimit(markdown, JOB_SUMMARY_BYTE_LIMIT - MARGIN_BYTES, { unit: 'bytes', pointer });
  await summary.addRaw(text, true).write();
  summary.emptyBuffer();
  return true;
}
