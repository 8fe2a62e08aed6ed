import type { Probot } from 'probot';
import { CommonSchema, PullRequestPayloadSchema, readPayload } from '../payload.js';
import type { AppServices } from '../services.js';
import { startVerify } from '../start-verify.js';
import { acknowledge } from './acknowledge.js';

const PullRequestEventSchema = CommonSchema.extend({ pull_request: PullRequestPayloadSchema });

/** A new or updated pull request head gets a `Loki Verify` check run, run by the dispatcher. */
export function registerPullRequestHandlers(app: Probot, services: AppServices): void {
  app.on(
    ['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened'],
    acknowledge(services, 'verify the pull request', (raw) => {
      const payload = readPayload(PullRequestEventSchema, raw, 'pull_request');
      return (gh) => startVerify(gh, services, { installationId: payload.installation.id, repository: payload.repository, pullRequest: payload.pull_request, requestedBy: payload.sender.login, explicit: false });
    }),
  );
}
