import type { Probot } from 'probot';
import { z } from 'zod';
import { issueKey } from '../active-jobs.js';
import { cancelJob } from '../cancel-job.js';
import { loadRepoConfig } from '../load-repo-config.js';
import { reportProblem } from '../report-problem.js';
import { CommonSchema, IssuePayloadSchema, LabelSchema, readPayload, refOf } from '../payload.js';
import type { AppServices } from '../services.js';
import { startBuild } from '../start-build.js';
import { acknowledge } from './acknowledge.js';

const LabeledSchema = CommonSchema.extend({ issue: IssuePayloadSchema, label: LabelSchema });

/** `issues.labeled` with the trigger label starts a build; removing the label cancels it. */
export function registerIssueHandlers(app: Probot, services: AppServices): void {
  app.on(
    'issues.labeled',
    acknowledge(services, 'start a build', (raw) => {
      const payload = readPayload(LabeledSchema, raw, 'issues.labeled');
      return (gh) => startBuild(gh, services, { installationId: payload.installation.id, repository: payload.repository, issue: payload.issue, actor: payload.sender, label: payload.label.name });
    }),
  );
  app.on(
    'issues.unlabeled',
    acknowledge(services, 'cancel the build', (raw) => {
      const payload = readPayload(LabeledSchema.extend({ label: LabelSchema.optional(), issue: z.object({ number: z.number().int().positive() }) }), raw, 'issues.unlabeled');
      const ref = refOf(payload.repository);
      const key = issueKey(ref, payload.issue.number);
      if (!services.active.get(key) || !payload.label) return undefined;
      const label = payload.label.name;
      return async (gh) => {
        try {
          const config = await loadRepoConfig(gh, ref);
          if (label === config.app.trigger_label) await cancelJob(gh, services, key, payload.sender.login);
        } catch (error) {
          await reportProblem(gh, services, { ref, number: payload.issue.number }, 'cancel the build', error);
        }
      };
    }),
  );
}
