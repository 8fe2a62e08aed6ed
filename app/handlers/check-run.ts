import type { Probot } from 'probot';
import { z } from 'zod';
import { CHECK_NAMES } from '../../github/check-run.js';
import { getIssue } from '../../github/issues.js';
import { type RepoRef } from '../../github/repo-ref.js';
import { CommonSchema, readPayload, refOf } from '../payload.js';
import { readPullRequest } from '../read-pull-request.js';
import type { AppServices, InstallationClient } from '../services.js';
import { startBuild } from '../start-build.js';
import { startVerify } from '../start-verify.js';
import { acknowledge } from './acknowledge.js';

const CheckRunEventSchema = CommonSchema.extend({
  check_run: z.object({
    name: z.string(),
    external_id: z.string().nullish(),
    pull_requests: z.array(z.object({ number: z.number().int().positive() })).default([]),
  }),
  requested_action: z.object({ identifier: z.string() }).nullish(),
});
type CheckRunEvent = z.infer<typeof CheckRunEventSchema>;

/** `loki-build-<repo slug>-<issue>-<hex>`: the issue a build check run belongs to. */
export function issueOfBuildJob(externalId: string | null | undefined): number | undefined {
  const match = /^loki-build-.+-(\d+)-[0-9a-f]{8}$/.exec(externalId ?? '');
  return match ? Number(match[1]) : undefined;
}

/** "Re-run" on a Loki check run, or its Retry button, dispatches the job again. */
export function registerCheckRunHandlers(app: Probot, services: AppServices): void {
  app.on(
    ['check_run.rerequested', 'check_run.requested_action'],
    acknowledge(services, 'rerun from the check run', (raw) => {
      const payload = readPayload(CheckRunEventSchema, raw, 'check_run');
      const name = payload.check_run.name;
      if (name !== CHECK_NAMES.build && name !== CHECK_NAMES.verify) return undefined;
      if (payload.requested_action && payload.requested_action.identifier !== 'retry') return undefined;
      return (gh) => rerun(gh, services, payload);
    }),
  );
}

async function rerun(gh: InstallationClient, services: AppServices, payload: CheckRunEvent): Promise<void> {
  const ref: RepoRef = refOf(payload.repository);
  const installationId = payload.installation.id;
  if (payload.check_run.name === CHECK_NAMES.verify) {
    const number = payload.check_run.pull_requests[0]?.number;
    if (number === undefined) return;
    const pullRequest = await readPullRequest(gh, ref, number);
    await startVerify(gh, services, { installationId, repository: payload.repository, pullRequest, requestedBy: payload.sender.login, explicit: true });
    return;
  }
  const number = issueOfBuildJob(payload.check_run.external_id);
  if (number === undefined) return;
  const issue = await getIssue(gh, ref, number);
  // startBuild checks the config and the requester's permission, as for a label or a command.
  await startBuild(gh, services, {
    installationId,
    repository: payload.repository,
    issue: { number: issue.number, title: issue.title, body: issue.body, labels: issue.labels.map((l) => ({ name: typeof l === 'string' ? l : (l.name ?? '') })) },
    actor: payload.sender,
  });
}
