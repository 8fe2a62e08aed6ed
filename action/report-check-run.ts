import type { LokiError } from '../gates/core/errors.js';
import type { Evidence } from '../gates/evidence/schema.js';
import type { ChangedLines } from '../github/annotations.js';
import { CHECK_NAMES, completeCheckRun, createCheckRun, failCheckRun } from '../github/check-run.js';
import { httpStatusOf, type GitHubClient } from '../github/client.js';
import type { ActionContext } from './read-event.js';

/** The `Loki Verify` check run, or why there is none (then the workflow itself carries the report). */
export type CheckRunState = { open: true; id: number } | { open: false; reason: string };

/**
 * Opens `Loki Verify` as in progress before the gates run, so reviewers see it working. A fork PR
 * or a missing token is known in advance; a 403 (read-only token) or any other API failure is
 * found by trying. None of them is fatal: the step falls back to workflow annotations.
 */
export async function openCheckRun(gh: GitHubClient | undefined, context: ActionContext): Promise<CheckRunState> {
  if (context.pullRequest?.fromFork) {
    return { open: false, reason: 'this pull request comes from a fork, and the workflow token of a fork PR cannot write checks' };
  }
  if (!gh) return { open: false, reason: 'no token was given (the `token` input is empty)' };
  if (!context.checkSha) return { open: false, reason: 'the commit to attach a check run to is unknown (no PR head, no GITHUB_SHA)' };
  try {
    const id = await createCheckRun(gh, {
      owner: context.owner,
      repo: context.repo,
      name: CHECK_NAMES.verify,
      headSha: context.checkSha,
      status: 'in_progress',
      ...(context.runUrl ? { detailsUrl: context.runUrl } : {}),
    });
    return { open: true, id };
  } catch (error) {
    return { open: false, reason: describeFailure(error) };
  }
}

export interface CloseCheckRunOptions {
  evidence: Evidence;
  report: string;
  changedLines: ChangedLines | undefined;
}

/** Completes the check run with the verdict; on failure, says why so the fallback can take over. */
export async function closeCheckRun(
  gh: GitHubClient,
  context: ActionContext,
  id: number,
  options: CloseCheckRunOptions,
): Promise<CheckRunState> {
  try {
    await completeCheckRun(gh, {
      owner: context.owner,
      repo: context.repo,
      checkRunId: id,
      evidence: options.evidence,
      report: options.report,
      ...(context.runUrl ? { evidenceUrl: context.runUrl } : {}),
      ...(options.changedLines ? { changedLines: options.changedLines } : {}),
    });
    return { open: true, id };
  } catch (error) {
    return { open: false, reason: describeFailure(error) };
  }
}

function describeFailure(error: unknown): string {
  const status = httpStatusOf(error);
  if (status === 403) {
    return 'the token may not write checks (HTTP 403): give the job `permissions: checks: write`; fork PRs only ever get a read-only token';
  }
  const message = error instanceof Error ? error.message : String(error);
  return `the GitHub API call failed: ${message.split('\n')[0]}`;
}

/** The step crashed after opening the check run: close it as failure rather than leave it running. */
export async function abandonCheckRun(gh: GitHubClient, context: ActionContext, id: number, reason: string): Promise<void> {
  try {
    await failCheckRun(gh, {
      owner: context.owner,
      repo: context.repo,
      checkRunId: id,
      reason: `Loki crashed before it could report: ${reason}`,
      fix: `this is a bug in Loki; re-run the job, and report it with the step's log${context.runUrl ? ` (${context.runUrl})` : ''}`,
    });
  } catch {
    // Nothing more to do: the step itself fails with the reason.
  }
}

/** The change could not be judged (e.g. the `config` input is unusable): failure, with the fix. */
export async function closeWithError(gh: GitHubClient, context: ActionContext, id: number, error: LokiError): Promise<void> {
  try {
    await failCheckRun(gh, { owner: context.owner, repo: context.repo, checkRunId: id, reason: error.message, fix: error.fix ?? 'see the step log' });
  } catch {
    // The step fails with the same message and fix.
  }
}
