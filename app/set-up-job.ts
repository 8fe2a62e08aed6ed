import type { ActiveJob } from './active-jobs.js';
import type { DispatchRequest } from './dispatch/dispatcher.js';
import { finishJob } from './finish-job.js';
import type { AppServices } from './services.js';

/**
 * Sets up a job the App has reserved (`active` is already in the registry): `prepare` creates its
 * check run and status comment and returns the dispatch request. While that runs the job is marked
 * as being set up, so a `/loki stop` or an unlabel arriving meanwhile is recorded rather than
 * answered "nothing is running"; such a job is never dispatched, and its check run is completed
 * `cancelled` and its status comment says so. `prepare` throwing is the caller's to report.
 */
export async function setUpJob(services: AppServices, active: ActiveJob, prepare: () => Promise<DispatchRequest>): Promise<void> {
  let settle!: () => void;
  active.settingUp = new Promise<void>((resolve) => (settle = resolve));
  try {
    const request = await prepare();
    if (active.cancelledBy !== undefined) {
      await finishJob(services, { jobId: active.jobId, state: 'cancelled', exitCode: null, reason: 'cancelled before it started', logTail: '' }, request.tokenless);
      return;
    }
    await services.dispatcher.dispatch(request);
  } finally {
    delete active.settingUp;
    settle();
  }
}
