import type { Context } from 'probot';
import { toLokiError } from '../../gates/core/errors.js';
import type { AppServices, InstallationClient } from '../services.js';

type Work = (gh: InstallationClient) => Promise<void>;

/**
 * Wraps a handler so the webhook is answered at once: the delivery id is checked (a redelivery
 * does nothing), the payload is validated synchronously by `accept`, and the work it returns runs
 * after the acknowledgement. `accept` returns undefined for events Loki ignores.
 */
export function acknowledge(services: AppServices, accept: (payload: unknown, context: Context) => Work | undefined): (context: Context) => Promise<void> {
  return async (context) => {
    if (!services.deliveries.firstSight(context.id)) {
      services.log.info({ delivery: context.id, event: context.name }, 'duplicate delivery ignored');
      return;
    }
    let work: Work | undefined;
    try {
      work = accept(context.payload, context);
    } catch (error) {
      services.log.warn({ delivery: context.id, event: context.name, err: error }, `ignored an unusable payload: ${toLokiError(error).message}`);
      return;
    }
    if (!work) return;
    const run = work;
    const installationId = (context.payload as { installation?: { id?: number } }).installation?.id;
    services.background.run(`${context.name} ${context.id}`, async () =>
      run(installationId ? await services.installationClient(installationId) : (context.octokit as unknown as InstallationClient)));
  };
}
