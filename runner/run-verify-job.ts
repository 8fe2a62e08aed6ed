import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeEvidence } from '../gates/evidence/write-evidence.js';
import { renderReport } from '../gates/evidence/render-report.js';
import { runVerify } from '../gates/verify/run-verify.js';
import type { BuildOutcome, BuildStatus } from './build-outcome.js';
import { CHECK_NAMES, completeCheckRun, createCheckRun } from '../github/check-run.js';
import { createGitHubClient } from '../github/client.js';
import type { Job } from './job/schema.js';
import type { RunJobOptions } from './run-job.js';
import { prepareVerifyCheckout } from './workspace/prepare-workspace.js';

const STATUS_FOR_VERDICT: Record<string, BuildStatus> = { VERIFIED: 'done', CONCERNS: 'capped', BLOCKED: 'blocked', ERROR: 'error' };

/**
 * A `verify` job (the App's PR checks): the PR head checked out, the gates run against the base,
 * the `Loki Verify` check run completed with the evidence. No agent runs.
 */
export async function runVerifyJob(job: Job, options: RunJobOptions & { token: () => string | undefined }): Promise<BuildOutcome> {
  const parent = options.workdir ?? (await mkdtemp(join(tmpdir(), 'loki-verify-')));
  try {
    const checkout = await prepareVerifyCheckout(job, parent, options.token);
    // runVerify takes the policy from the merge-base: a PR cannot switch off the gates that judge it.
    const evidence = await runVerify({
      cwd: checkout.dir, base: job.base_ref, head: checkout.headSha,
      ...(options.config ? { config: options.config } : {}),
      repo: job.repo ? `${job.repo.owner}/${job.repo.name}` : null, pr: job.pr_number ?? null,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(job.acceptances ? { acceptances: job.acceptances } : {}),
    });
    const paths = await writeEvidence(evidence, options.outDir ?? join(parent, 'evidence'));
    const outcome: BuildOutcome = {
      status: STATUS_FOR_VERDICT[evidence.verdict] ?? 'error', exitCode: evidence.exit_code as 0 | 1 | 2 | 3,
      reason: `${evidence.verdict}: ${evidence.summary}`, evidence, headSha: checkout.headSha, costUsd: 0, iterations: 0, evidencePath: paths.evidencePath,
      ...(job.pr_number ? { prNumber: job.pr_number } : {}),
    };
    const token = options.token();
    if (job.repo && token) {
      const gh = createGitHubClient({ token: options.token, baseUrl: job.repo.api_url });
      const repo = { owner: job.repo.owner, repo: job.repo.name };
      try {
        const checkRunId = job.check_run_id ?? (await createCheckRun(gh, { ...repo, name: CHECK_NAMES.verify, headSha: checkout.headSha, externalId: job.job_id }));
        await completeCheckRun(gh, { ...repo, checkRunId, evidence, report: renderReport(evidence) });
      } catch (error) {
        options.onWarning?.(`could not complete the ${CHECK_NAMES.verify} check run: ${(error as Error).message}`);
      }
    }
    return outcome;
  } finally {
    // Only the checkout goes; the evidence stays next to where it was.
    await rm(join(parent, 'repo'), { recursive: true, force: true });
  }
}
