import type { LokiConfig } from '../gates/config/schema.js';
import { loadTemplate, renderTemplate } from '../gates/core/templates.js';
import { CHECK_NAMES } from '../github/check-run.js';
import { JobSchema, type Job } from '../runner/job/schema.js';
import { issueKey, type ActiveJob } from './active-jobs.js';
import { authorize, type Actor } from './authorize.js';
import { configOrReport } from './config-or-report.js';
import { explainRefusal } from './explain-refusal.js';
import { addReaction, postComment } from '../github/issues.js';
import { branchHeadSha } from '../github/branches.js';
import { createCheckRun } from '../github/check-run.js';
import { type RepoRef } from '../github/repo-ref.js';
import { newJobId } from './job-id.js';
import { estimate, estimateLine, repoStatsFromApi } from './answer-plan.js';
import { refOf, type IssuePayload, type RepositoryPayload } from './payload.js';
import { reportProblem } from './report-problem.js';
import { setUpJob } from './set-up-job.js';
import { claimJob, type Claim } from './claim-job.js';
import type { AppServices, InstallationClient } from './services.js';
import { upsertStatusComment } from '../github/status-comment.js';
import { queueStatus } from './queue-status.js';

export interface BuildRequest {
  installationId: number;
  repository: RepositoryPayload;
  issue: IssuePayload;
  actor: Actor;
  /** The label that was added, for `issues.labeled`; undefined for commands. */
  label?: string;
}

/**
 * Accepts a build of an issue: config, permission, one build per issue, then the visible record
 * in GitHub (👀, the `Loki Build` check run, the sticky plan comment) and the dispatch. The record
 * comes first so that a restart finds the build again and reconciliation can resume it.
 */
export async function startBuild(gh: InstallationClient, services: AppServices, request: BuildRequest): Promise<void> {
  try {
    await acceptBuild(gh, services, request);
  } catch (error) {
    // Reading the config or the requester's role failed: say so on the issue, not just in a log.
    await reportProblem(gh, services, { ref: refOf(request.repository), number: request.issue.number }, 'start the build', error);
  }
}

async function acceptBuild(gh: InstallationClient, services: AppServices, request: BuildRequest): Promise<void> {
  const ref = refOf(request.repository);
  const number = request.issue.number;
  const config = await configOrReport(gh, services, ref, number);
  if (!config) return;
  if (request.label !== undefined && request.label !== config.app.trigger_label) return;

  const decision = await authorize(gh, ref, request.actor, config);
  if (!decision.allowed) {
    await explainRefusal(gh, services, ref, number, request.actor.login, decision.reason);
    return;
  }

  const key = issueKey(ref, number);
  const jobId = newJobId('build', ref, number);
  const active: ActiveJob = { key, jobId, kind: 'build', installationId: request.installationId, ref, number };
  let claim: Claim;
  try {
    claim = await claimJob(services, active);
  } catch (error) {
    await reportProblem(gh, services, active, 'start the build', error);
    return;
  }
  if (!claim.claimed) {
    // Another replica's build of this issue is that replica's to report on.
    if (!claim.busyHere) return;
    const running = services.active.get(key);
    await postComment(gh, ref, number, renderTemplate(loadTemplate('app/busy.md'), { check_url: checkUrl(services, ref, running?.checkRunId) }));
    return;
  }
  try {
    await setUpJob(services, active, async () => {
      await addReaction(gh, ref, number, 'eyes');
      const headSha = await branchHeadSha(gh, ref, request.repository.default_branch);
      const checkRunId = await createCheckRun(gh, { ...ref, name: CHECK_NAMES.build, headSha, externalId: jobId, status: 'queued', title: `Building #${number}`, summary: `Queued: build of #${number} requested by @${request.actor.login}.` });
      active.checkRunId = checkRunId;
      const plan = estimate(ref, request.issue, config, await repoStatsFromApi(gh, ref, request.repository.default_branch));
      active.statusCommentId = await upsertStatusComment(gh, { ...ref, issue_number: number, throttle: services.throttle, checkRunId, body: acceptedBody(services, config, { ref, number, actor: request.actor.login, baseRef: request.repository.default_branch, checkRunId, estimate: estimateLine(plan), installationId: request.installationId }) });
      return { job: buildJob(services, config, request, jobId, active), installationId: request.installationId, repositoryId: request.repository.id, tokenless: false };
    });
  } catch (error) {
    services.active.release(key);
    await reportProblem(gh, services, active, 'start the build', error);
  }
}

export function buildJob(services: AppServices, config: LokiConfig, request: BuildRequest, jobId: string, active: ActiveJob): Job {
  const ref = refOf(request.repository);
  return JobSchema.parse({
    job_id: jobId,
    kind: 'build',
    repo: { owner: ref.owner, name: ref.repo, clone_url: request.repository.clone_url, default_branch: request.repository.default_branch, api_url: services.apiUrl },
    base_ref: request.repository.default_branch,
    issue_number: request.issue.number,
    spec: {
      source: 'issue',
      ref: `${ref.owner}/${ref.repo}#${request.issue.number}`,
      title: request.issue.title,
      text: request.issue.body ?? '',
      labels: (request.issue.labels ?? []).map((l) => l.name),
    },
    provider_order: [config.provider.name, ...config.provider.failover.filter((p) => p !== config.provider.name)],
    budgets: { max_iterations: config.build.max_iterations, max_minutes: config.build.max_minutes, budget_usd: config.build.budget_usd },
    check_run_id: active.checkRunId,
    status_comment_id: active.statusCommentId,
    requested_by: request.actor.login,
  });
}

interface Accepted {
  ref: RepoRef;
  number: number;
  actor: string;
  baseRef: string;
  checkRunId: number;
  estimate: string;
  installationId: number;
}

function acceptedBody(services: AppServices, config: LokiConfig, a: Accepted): string {
  return renderTemplate(loadTemplate('app/accepted.md'), {
    issue_number: a.number,
    actor: a.actor,
    branch: `loki/issue-${a.number}`,
    base_ref: a.baseRef,
    provider: config.provider.name,
    max_iterations: config.build.max_iterations,
    max_minutes: config.build.max_minutes,
    budget_usd: config.build.budget_usd.toFixed(2),
    estimate: a.estimate,
    check_url: checkUrl(services, a.ref, a.checkRunId),
    state: queueStatus(services.dispatcher, a.installationId),
  });
}

/** A link to a check run on the web UI, derived from the API root (github.com or GHE). */
export function checkUrl(services: AppServices, ref: RepoRef, checkRunId: number | undefined): string {
  const web = services.apiUrl.replace(/\/api\/v3\/?$/, '').replace('://api.github.com', '://github.com');
  return checkRunId === undefined ? `${web}/${ref.owner}/${ref.repo}/issues` : `${web}/${ref.owner}/${ref.repo}/runs/${checkRunId}`;
}
