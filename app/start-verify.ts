import { CHECK_NAMES } from '../github/check-run.js';
import { JobSchema } from '../runner/job/schema.js';
import { pullKey, type ActiveJob } from './active-jobs.js';
import { configOrReport } from './config-or-report.js';
import { createCheckRun } from '../github/check-run.js';
import { readPullAcceptances } from '../github/pull-acceptances.js';
import { newJobId } from './job-id.js';
import { refOf, type PullRequestPayload, type RepositoryPayload } from './payload.js';
import { reportProblem } from './report-problem.js';
import { setUpJob } from './set-up-job.js';
import { claimJob } from './claim-job.js';
import type { AppServices, InstallationClient } from './services.js';

export interface VerifyRequest {
  installationId: number;
  repository: RepositoryPayload;
  pullRequest: PullRequestPayload;
  requestedBy: string;
  /** `pull_request` events honour `app.verify_pull_requests`; an explicit `/loki verify` does not. */
  explicit: boolean;
  /** Reconciliation: the queued check run (and its job id) an earlier App instance created. */
  resume?: { jobId: string; checkRunId: number };
}

/**
 * Queues a `Loki Verify` check run for a pull request head and dispatches the verification; the
 * gates never run in the webhook handler. A newer head supersedes the job of an older one. A pull
 * request from a fork is verified with no token and no secret in the job's environment.
 */
export function startVerify(gh: InstallationClient, services: AppServices, request: VerifyRequest): Promise<void> {
  // Heads of one pull request are handled in arrival order, so a quick push never loses its check.
  return services.active.exclusive(pullKey(refOf(request.repository), request.pullRequest.number), () => verifyHead(gh, services, request));
}

async function verifyHead(gh: InstallationClient, services: AppServices, request: VerifyRequest): Promise<void> {
  const ref = refOf(request.repository);
  const pr = request.pullRequest;
  const config = await configOrReport(gh, services, ref, pr.number);
  if (!config || (!request.explicit && !config.app.verify_pull_requests)) return;

  const key = pullKey(ref, pr.number);
  const previous = services.active.get(key);
  if (previous && request.resume) return;
  if (previous) {
    previous.cancelledBy = `a newer head (${pr.head.sha.slice(0, 7)})`;
    await services.dispatcher.cancel(previous.jobId);
    services.active.release(key);
  }
  const jobId = request.resume?.jobId ?? newJobId('verify', ref, pr.number);
  const active: ActiveJob = { key, jobId, kind: 'verify', installationId: request.installationId, ref, number: pr.number, headSha: pr.head.sha };
  try {
    if (!(await claimJob(services, active)).claimed) return;
  } catch (error) {
    await reportProblem(gh, services, { ...active, statusCommentId: undefined }, 'start the verification', error);
    return;
  }
  const tokenless = pr.head.repo?.full_name.toLowerCase() !== pr.base.repo.full_name.toLowerCase();
  try {
    await setUpJob(services, active, async () => {
      const checkRunId = request.resume
        ? request.resume.checkRunId
        : await createCheckRun(gh, { ...ref, name: CHECK_NAMES.verify, headSha: pr.head.sha, externalId: jobId, status: 'queued', title: 'Queued', summary: `Verification of ${pr.head.sha.slice(0, 7)} is queued.` });
      active.checkRunId = checkRunId;
      // Read here, with the App's token: the job of a fork's pull request has none.
      const acceptances = await readPullAcceptances(gh, ref, { number: pr.number, fromFork: tokenless });
      const job = JobSchema.parse({
        job_id: jobId,
        kind: 'verify',
        repo: { owner: ref.owner, name: ref.repo, clone_url: request.repository.clone_url, default_branch: request.repository.default_branch, api_url: services.apiUrl },
        base_ref: pr.base.ref,
        head_sha: pr.head.sha,
        pr_number: pr.number,
        provider_order: [config.provider.name],
        check_run_id: checkRunId,
        requested_by: request.requestedBy,
        no_push: true,
        acceptances,
      });
      return { job, installationId: request.installationId, repositoryId: request.repository.id, tokenless };
    });
  } catch (error) {
    services.active.release(key);
    await reportProblem(gh, services, { ...active, statusCommentId: undefined }, 'start the verification', error);
  }
}
