import type { Context } from 'probot';
import { toLokiError } from '../../gates/core/errors.js';
import type { AppServices, InstallationClient } from '../services.js';

type Work = (gh: InstallationClient) => Promise<void>;

/**
 * Wraps a handler so the webhook is answered at once: the delivery id is checked (a redelivery
 * does nothing), the payload is validated synchronously by `accept`, and the work it returns runs
 * after the acknowledgement. `accept` returns undefined for events Loki ignores.
 *
 * Every delivery gets exactly one info line: the event, the delivery id, the repository and what
 * was done (`purpose`, or why nothing was), written when the work has ended, with its duration,
 * which /metrics also counts.
 */
export function acknowledge(services: AppServices, purpose: string, accept: (payload: unknown, context: Context) => Work | undefined): (context: Context) => Promise<void> {
  return async (context) => {
    const started = performance.now();
    const payload = context.payload as { action?: string; installation?: { id?: number }; repository?: { full_name?: string } };
    const event = payload.action ? `${context.name}.${payload.action}` : context.name;
    const details = { event, delivery: context.id, repo: payload.repository?.full_name ?? null };
    const done = (taken: string, level: 'info' | 'warn' = 'info', extra: Record<string, unknown> = {}) => {
      const seconds = (performance.now() - started) / 1000;
      services.metrics.webhookSeconds.observe({ event }, seconds);
      services.log[level]({ ...details, ...extra, taken, ms: Math.round(seconds * 1000) }, `webhook ${event} ${context.id}${details.repo ? ` ${details.repo}` : ''}: ${taken}`);
    };
    if (!services.deliveries.firstSight(context.id)) return done('duplicate delivery, ignored');
    let work: Work | undefined;
    try {
      work = accept(context.payload, context);
    } catch (error) {
      return done(`ignored an unusable payload: ${toLokiError(error).message}`, 'warn', { err: error });
    }
    if (!work) return done('nothing to do');
    const run = work;
    const installationId = payload.installation?.id;
    services.background.run(`${context.name} ${context.id}`, async () => {
      try {
        await run(installationId ? await services.installationClient(installationId) : (context.octokit as unknown as InstallationClient));
        done(purpose);
      } catch (error) {
        // Logged here, with the error, and not again by the background runner: one line per delivery.
        done(`${purpose}: failed (${toLokiError(error).message})`, 'warn', { err: error });
      }
    });
  };
}
