import { z } from 'zod';
import { isLokiError } from '../gates/core/errors.js';
import { CHECK_NAMES, concludeCheckRun, getCheckRun, listCheckRuns, type CheckRun } from '../github/check-run.js';
import { httpStatusOf, type GitHubClient } from '../github/client.js';
import { askAll } from '../github/request-failed.js';
import type { LokiConfig } from '../gates/config/schema.js';
import { issueKey, pullKey, type ActiveJob } from './active-jobs.js';
import { issueOfBuildJob } from './handlers/check-run.js';
import { listLabelledIssues, labelNames } from '../github/issues.js';
import type { RepoRef } from '../github/repo-ref.js';
import { loadRepoConfig } from './load-repo-config.js';
import { PullRequestPayloadSchema, RepositorySchema, refOf, type RepositoryPayload } from './payload.js';
import type { AppServices, InstallationClient } from './services.js';
import { setUpJob } from './set-up-job.js';
import { claimJob } from './claim-job.js';
import { buildJob } from './start-build.js';
import { startVerify } from './start-verify.js';
import { resumeFollowUps } from './reconcile-follow-ups.js';
import { giveUpOnRepeat } from './give-up-on-repeat.js';
import { readStatusComment, upsertStatusComment } from '../github/status-comment.js';

export interface ReconcileReport {
  repositories: number;
  resumed: string[];
  failures: string[];
}

const InstallationSchema = z.object({ id: z.number().int().positive() });

/**
 * The App keeps no database: what was accepted is in GitHub. On start-up and periodically this
 * finds `Loki Build` check runs that are queued or in progress for an open, labelled issue, and
 * `Loki Verify` check runs on open pull request heads, that have no live job here, and dispatches
 * each once more under the same job id — a build resumes from its `loki/issue-N` branch. A job
 * recorded as active is never dispatched twice.
 */
export async function reconcile(services: AppServices, appClient: GitHubClient): Promise<ReconcileReport> {
  const report: ReconcileReport = { repositories: 0, resumed: [], failures: [] };
  for (const installation of await askAll(appClient, 'list the App\'s installations', 'GET /app/installations', {}, InstallationSchema)) {
    const gh = await services.installationClient(installation.id);
    const repos = await askAll(gh, 'list the installation\'s repositories', 'GET /installation/repositories', {}, RepositorySchema);
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
  const config = await loadRepoConfig(gh, refOf(repository));
  const builds = await resumeBuilds(gh, services, installationId, repository, config);
  const verifications = config.app.verify_pull_requests ? await resumeVerifications(gh, services, installationId, repository) : [];
  const followUps = await resumeFollowUps(gh, services, installationId, repository);
  return [...builds, ...verifications, ...followUps];
}

/** Queued or running `Loki Verify` check runs on open pull request heads with no live job: verified again. */
async function resumeVerifications(gh: InstallationClient, services: AppServices, installationId: number, repository: RepositoryPayload): Promise<string[]> {
  const ref = refOf(repository);
  const pullRequests = await askAll(gh, 'list the open pull requests', 'GET /repos/{owner}/{repo}/pulls', { ...ref, state: 'open' }, PullRequestPayloadSchema);
  const resumed: string[] = [];
  for (const pullRequest of pullRequests) {
    const key = pullKey(ref, pullRequest.number);
    if (services.active.get(key)) continue;
    const runs = await listCheckRuns(gh, ref, pullRequest.head.sha, CHECK_NAMES.verify);
    const run = runs.find((r) => r.status !== 'completed' && r.external_id?.startsWith('loki-verify-'));
    if (!run?.external_id || (await services.dispatcher.isLive(run.external_id))) continue;
    if (await services.leases.heldElsewhere({ kind: 'verify', ref, number: pullRequest.number, headSha: pullRequest.head.sha, installationId })) continue;
    if (await giveUpOnRepeat(gh, services, ref, run.id, run.external_id)) continue;
    await startVerify(gh, services, { installationId, repository, pullRequest, requestedBy: 'loki', explicit: true, resume: { jobId: run.external_id, checkRunId: run.id } });
    if (services.active.get(key)?.jobId === run.external_id) resumed.push(run.external_id);
  }
  return resumed;
}

async function resumeBuilds(gh: InstallationClient, services: AppServices, installationId: number, repository: RepositoryPayload, config: LokiConfig): Promise<string[]> {
  const ref = refOf(repository);
  const issues = await listLabelledIssues(gh, ref, config.app.trigger_label);
  if (issues.length === 0) return [];
  // Comments written before the check-run marker existed: their runs are found on the default branch's head.
  let onDefaultHead: Promise<CheckRun[]> | undefined;
  const defaultHeadRuns = () => (onDefaultHead ??= listCheckRuns(gh, ref, repository.default_branch, CHECK_NAMES.build));
  const resumed: string[] = [];
  for (const issue of issues) {
    const key = issueKey(ref, issue.number);
    if (services.active.get(key)) continue;
    const status = await readStatusComment(gh, ref, issue.number);
    const run = status?.checkRunId
      ? await getCheckRun(gh, ref, status.checkRunId).catch((error: unknown) => (httpStatusOf(error) === 404 ? undefined : Promise.reject(error)))
      : (await defaultHeadRuns()).find((r) => issueOfBuildJob(r.external_id) === issue.number);
    if (!run || run.status === 'completed' || run.name !== CHECK_NAMES.build || issueOfBuildJob(run.external_id) !== issue.number) continue;
    if (!run.external_id || (await services.dispatcher.isLive(run.external_id))) continue;
    const active: ActiveJob = { key, jobId: run.external_id, kind: 'build', installationId, ref, number: issue.number, checkRunId: run.id };
    // Another replica's live build is not dead: only a claimed job counts towards giving up.
    if (!(await claimJob(services, active)).claimed) continue;
    if (await giveUpOnRepeat(gh, services, ref, run.id, run.external_id)) {
      services.active.release(key);
      continue;
    }
    try {
      await setUpJob(services, active, async () => {
        active.statusCommentId = status?.id;
        const request = {
          installationId,
          repository,
          issue: { number: issue.number, title: issue.title, body: issue.body, labels: labelNames(issue).map((name) => ({ name })) },
          actor: { login: 'loki', type: 'Bot' },
        };
        return { job: buildJob(services, config, request, active.jobId, active), installationId, repositoryId: repository.id, tokenless: false };
      });
      if (services.active.get(key) !== active) continue;
      resumed.push(active.jobId);
      await noteResumed(gh, services, ref, issue.number, active);
    } catch (error) {
      services.active.release(key);
      throw error;
    }
  }
  return resumed;
}

/**
 * A job resumed once already by this App that is again found dead without a result (a workflow run
 * that fails before the runner starts, a runner that crashes every time) is not resumed forever:
 * its check run is completed as a failure with a Retry button, and a person decides.
 */
async function noteResumed(gh: InstallationClient, services: AppServices, ref: RepoRef, number: number, active: ActiveJob): Promise<void> {
  services.log.info({ jobId: active.jobId }, `resumed the build of ${ref.owner}/${ref.repo}#${number}`);
  if (active.statusCommentId === undefined) return;
  await upsertStatusComment(gh, { ...ref, issue_number: number, throttle: services.throttle, ...(active.checkRunId ? { checkRunId: active.checkRunId } : {}), body: `### 🔁 Loki is resuming the build of #${number}\n\nThe App restarted while this build was running; it continues from the \`loki/issue-${number}\` branch. Progress: the \`Loki Build\` check run.`, ...(active.statusCommentId ? { commentId: active.statusCommentId } : {}) }).catch((error: unknown) => {
    services.log.warn({ err: error }, 'could not note the resumed build in the status comment');
  });
}
