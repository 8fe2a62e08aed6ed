import { concludeCheckRun } from '../github/check-run.js';
import type { AppServices, InstallationClient } from './services.js';

/**
 * Cancels the active job under `key`. The dispatcher stops it and the end is reported by
 * finishJob; a job this App instance cannot reach is concluded as cancelled directly, so its
 * check run does not stay in progress. Returns false when there was nothing to cancel.
 */
export async function cancelJob(gh: InstallationClient, services: AppServices, key: string, by: string): Promise<boolean> {
  const active = services.active.get(key);
  if (!active) return false;
  active.cancelledBy = `@${by}`;
  const stopped = await services.dispatcher.cancel(active.jobId);
  if (!stopped) {
    services.active.release(key);
    if (active.checkRunId !== undefined) {
      await concludeCheckRun(gh, active.ref, active.checkRunId, { conclusion: 'cancelled', title: '⏹️ Cancelled', summary: `Cancelled by @${by}.` });
    }
  }
  return true;
}
