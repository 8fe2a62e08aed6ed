import { z } from 'zod';
import { isLokiError } from '../gates/core/errors.js';
import { CHECK_NAMES } from '../runner/github/check-run.js';
import type { GitHubClient } from '../runner/github/client.js';
import { issueKey, type ActiveJob } from './active-jobs.js';
import { issueOfBuildJob } from './handlers/check-run.js';
import { listCheckRuns, listLabelledIssues, labelNames, type RepoRef } from './github-calls.js';
import { loadRepoConfig } from './load-repo-config.js';
import { RepositorySchema, refOf, type RepositoryPayload } from './payload.js';
import type { AppServices, InstallationClient } from './services.js';
import { buildJob } from './start-build.js';
import { findStatusComment, upsertStatus } from './status-comment.js';

export interface ReconcileReport {
  repositories: number;
  resumed: string[];
  failures: string[];
}

const InstallationsSchema = z.array(z.object({ id: z.number().int().positive() }));
const ReposSchema = z.object({ repositories: z.array(RepositorySchema) });

/**
 * The App keeps no database: what was accepted is in GitHub. On start-up and periodically this
 * finds `Loki Build` check runs that are queued or in progress for an open, labelled issue but
 * have no live job here, and dispatches each once more under the same job id — the runner resumes
 * from the `loki/issue-N` branch. A job recorded as active is never dispatched twice.
 */
export async function reconcile(services: AppServices, appClient: GitHubClient): Promise<ReconcileReport> {
  const report: ReconcileReport = { repositories: 0, resumed: [], failures: [] };
  const { data } = await appClient.request('GET /app/installations', { per_page: 100 });
  for (const installation of InstallationsSchema.parse(data)) {
    const gh = await services.installationClient(installation.id);
    const repos = ReposSchema.parse((await gh.request('GET /installation/repositories', { per_page: 100 })).data).repositories;
    for (const repository of repos) {
      report.repositories++;
      try {
        report.resumed.push(...(await reconcileRepository(gh, services, installation.id, repository)));
      } catch (error) {
        const what = `${repository.owner.login}/${repository.name}: ${(error as Error).message}`;
        report.failures.push(what);
        if (!isLokiError(error) || error.code !== 'CONFIG_INVALID') services.log.warn({ err: error }, `reconciliation failed for ${what}`);
      }
    }
  }
  return report;
}

async function reconcileRepository(gh: InstallationClient, services: AppServices, installationId: number, repository: RepositoryPayload): Promise<string[]> {
  const ref = refOf(repository);
  const config = await loadRepoConfig(gh, ref);
  const issues = await listLabelledIssues(gh, ref, config.app.trigger_label);
  if (issues.length === 0) return [];
  const runs = (await listCheckRuns(gh, ref, repository.default_branch, CHECK_NAMES.build)).filter((run) => run.status !== 'completed');
  const resumed: string[] = [];
  for (const issue of issues) {
    const key = issueKey(ref, issue.number);
    if (services.active.get(key) || services.active.isReserved(key)) continue;
    const run = runs.find((r) => issueOfBuildJob(r.external_id) === issue.number);
    if (!run?.external_id || (await services.dispatcher.isLive(run.external_id))) continue;
    if (!services.active.reserve(key)) continue;
    const active: ActiveJob = { key, jobId: run.external_id, kind: 'build', installationId, ref, number: issue.number, checkRunId: run.id };
    try {
      active.statusCommentId = await findStatusComment(gh, ref, issue.number);
      const request = {
        installationId,
        repository,
        issue: { number: issue.number, title: issue.title, body: issue.body, labels: labelNames(issue).map((name) => ({ name })) },
        actor: { login: 'loki', type: 'Bot' },
      };
      const job = buildJob(services, config, request, active.jobId, active);
      services.active.set(active);
      await services.dispatcher.dispatch({ job, installationId, repositoryId: repository.id, tokenless: false });
      resumed.push(active.jobId);
      await noteResumed(gh, services, ref, issue.number, active);
    } catch (error) {
      services.active.release(key);
      throw error;
    }
  }
  return resumed;
}

async function noteResumed(gh: InstallationClient, services: AppServices, ref: RepoRef, number: number, active: ActiveJob): Promise<void> {
  services.log.info({ jobId: active.jobId }, `resumed the build of ${ref.owner}/${ref.repo}#${number}`);
  if (active.statusCommentId === undefined) return;
  await upsertStatus(gh, services.throttle, ref, number, `### 🔁 Loki is resuming the build of #${number}\n\nThe App restarted while this build was running; it continues from the \`loki/issue-${number}\` branch. Progress: the \`Loki Build\` check run.`, active.statusCommentId).catch((error: unknown) => {
    services.log.warn({ err: error }, 'could not note the resumed build in the status comment');
  });
}
