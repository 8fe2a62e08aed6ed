import { concludeCheckRun } from '../github/check-run.js';
import type { AppServices, InstallationClient } from './services.js';

/**
 * Cancels the active job under `key`, in whatever state it is: being set up (the stop is recorded
 * and the set-up ends it instead of dispatching it), queued in the dispatcher, or running (the
 * dispatcher stops it and finishJob reports the end). A job this App instance cannot reach is
 * concluded as cancelled directly, so its check run does not stay in progress. Returns false when
 * there was nothing to cancel.
 */
export async function cancelJob(gh: InstallationClient, services: AppServices, key: string, by: string): Promise<boolean> {
  const active = services.active.get(key);
  if (!active) return false;
  active.cancelledBy = `@${by}`;
  if (active.settingUp) {
    await active.settingUp;
    // Ended during its set-up: the stop was honoured there (or the set-up failed and said so).
    if (services.active.get(key) !== active) return true;
  }
  const stopped = await services.dispatcher.cancel(active.jobId);
  if (!stopped) {
    services.active.release(key);
    if (active.checkRunId !== undefined) {
      await concludeCheckRun(gh, active.ref, active.checkRunId, { conclusion: 'cancelled', title: '⏹️ Cancelled', summary: `Cancelled by @${by}.` });
    }
  }
  return true;
}
