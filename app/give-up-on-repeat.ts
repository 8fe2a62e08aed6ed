import { concludeCheckRun } from '../github/check-run.js';
import type { RepoRef } from '../github/repo-ref.js';
import type { AppServices, InstallationClient } from './services.js';

/**
 * Whether a job found dead is found dead for the second time in this process: then its check run
 * fails with `summary` (the first time it is only remembered). `retry` is what a person does next.
 */
export async function giveUpOnRepeat(gh: InstallationClient, services: AppServices, ref: RepoRef, checkRunId: number, jobId: string, retry: { how: string; button: boolean } = { how: 'press Retry or comment `/loki retry`', button: true }): Promise<boolean> {
  if (!services.resumedJobs.has(jobId)) {
    services.resumedJobs.add(jobId);
    return false;
  }
  await concludeCheckRun(gh, ref, checkRunId, {
    conclusion: 'failure',
    title: '❌ The job ended twice without a result',
    summary: `Job \`${jobId}\` was resumed after it stopped without reporting, and stopped again without reporting. Check the runner (${services.dispatcher.name} dispatcher) logs, then ${retry.how}.`,
    retryButton: retry.button,
  });
  return true;
}
