import { renderReport } from '../../gates/evidence/render-report.js';
import type { Evidence } from '../../gates/evidence/schema.js';
import type { BuildOutcome, BuildProgress } from '../build-outcome.js';
import { CHECK_NAMES, cancelCheckRun, completeCheckRun, concludeCheckRun, createCheckRun, failCheckRun, updateCheckRun } from '../../github/check-run.js';
import type { GitHubClient } from '../../github/client.js';
import { renderStatusComment, upsertStatusComment, type StatusKind } from '../../github/status-comment.js';

export interface BuildReporterOptions {
  gh: GitHubClient;
  owner: string;
  repo: string;
  jobId: string;
  branch: string;
  checkRunId?: number;
  issueNumber?: number;
  statusCommentId?: number;
  /**
   * The commit the check run is on, when the build may move it (a follow-up pushes onto an open
   * pull request): the verdict then goes on a new `Loki Build` check run on the new head, and this
   * one ends neutral, pointing there.
   */
  checkRunHeadSha?: string;
  /** Progress updates closer together than this are dropped (milestones always go out). */
  minIntervalMs?: number;
  onWarning?: (message: string) => void;
}

export interface BuildReporter {
  /** A progress update; `milestone` ones (a verdict, a phase boundary) are never throttled. */
  progress(p: BuildProgress, milestone?: boolean): Promise<void>;
  /** The final word: the check run completed with the evidence, the status comment with the outcome. */
  finish(outcome: BuildOutcome, evidence: Evidence | undefined): Promise<void>;
}

/**
 * Keeps the `Loki Build` check run and the issue's sticky status comment current. Reporting is
 * best-effort: a failing API call is a warning, never the reason a build stops.
 */
export function createBuildReporter(options: BuildReporterOptions): BuildReporter {
  const { gh, owner, repo } = options;
  const interval = options.minIntervalMs ?? 15_000;
  let last = 0;
  let commentId = options.statusCommentId;
  const warn = (what: string, error: unknown) => options.onWarning?.(`could not ${what}: ${error instanceof Error ? error.message : String(error)}`);

  const comment = async (status: StatusKind, message: string, p?: Partial<BuildProgress>, extra: { prUrl?: string; verdict?: Evidence['verdict'] } = {}) => {
    if (!options.issueNumber) return;
    const body = renderStatusComment({
      status, message, branch: options.branch, jobId: options.jobId, updatedAt: new Date().toISOString(),
      ...(p?.phase ? { phase: p.phase } : {}),
      ...(p?.iteration !== undefined ? { iteration: p.iteration, maxIterations: p.maxIterations ?? 0 } : {}),
      ...(p?.costUsd !== undefined ? { costUsd: p.costUsd, budgetUsd: p.budgetUsd ?? 0 } : {}),
      ...(p?.gates ? { gates: p.gates } : {}),
      ...extra,
    });
    try {
      commentId = await upsertStatusComment(gh, { owner, repo, issue_number: options.issueNumber, body, ...(commentId ? { commentId } : {}), ...(options.checkRunId ? { checkRunId: options.checkRunId } : {}) });
    } catch (error) {
      warn('update the status comment', error);
    }
  };

  const send = async (p: BuildProgress) => {
    const line = `Iteration ${p.iteration}/${p.maxIterations} · ${p.phase} · $${p.costUsd.toFixed(2)} of $${p.budgetUsd.toFixed(2)}`;
    if (options.checkRunId) {
      await updateCheckRun(gh, { owner, repo, checkRunId: options.checkRunId, status: 'in_progress', title: line, summary: `${line}\n\n${p.message}` }).catch((e: unknown) => warn('update the check run', e));
    }
    await comment('running', p.message, p);
  };
  // One update in flight at a time; while it is, only the newest waiting one is kept: GitHub
  // spaces writes out, and a queue of stale progress would delay the final report.
  let inFlight: Promise<void> | undefined;
  let waiting: BuildProgress | undefined;
  const pump = async () => {
    while (waiting) {
      const next = waiting;
      waiting = undefined;
      await send(next);
    }
    inFlight = undefined;
  };

  return {
    async progress(p, milestone = false) {
      const now = Date.now();
      if (!milestone && now - last < interval) return;
      last = now;
      waiting = p;
      inFlight ??= pump();
      await inFlight;
    },
    async finish(outcome, evidence) {
      waiting = undefined;
      await inFlight;
      const status: StatusKind = outcome.status;
      const message = `${outcome.reason}${outcome.pushed && outcome.status !== 'done' ? ' The work so far is pushed; the next run resumes from it.' : ''}`;
      await comment(status, message, { iteration: outcome.iterations, costUsd: outcome.costUsd }, { ...(outcome.prUrl ? { prUrl: outcome.prUrl } : {}), ...(evidence ? { verdict: evidence.verdict } : {}) });
      if (outcome.status === 'cancelled') {
        if (options.checkRunId) await cancelCheckRun(gh, { owner, repo, checkRunId: options.checkRunId, reason: message }).catch((e: unknown) => warn('complete the check run', e));
        return;
      }
      if (!evidence) {
        // No evidence (the agent could not run, the clone failed…): the check run must still end, never stay in progress.
        if (options.checkRunId) {
          const [problem, fix] = outcome.reason.split(/\nFix: |\. Fix: /);
          await failCheckRun(gh, { owner, repo, checkRunId: options.checkRunId, reason: problem ?? outcome.reason, fix: fix ?? 'see the status comment on the issue, then re-run with /loki retry' }).catch((e: unknown) => warn('complete the check run', e));
        }
        return;
      }
      try {
        const headSha = outcome.headSha ?? evidence.subject.head_sha;
        const moved = outcome.pushed && typeof headSha === 'string' && options.checkRunId !== undefined && options.checkRunHeadSha !== undefined && headSha !== options.checkRunHeadSha;
        if (moved && options.checkRunId && headSha) {
          await concludeCheckRun(gh, { owner, repo }, options.checkRunId, { conclusion: 'neutral', title: `Moved to ${headSha.slice(0, 12)}`, summary: `This build pushed ${headSha}; its verdict is in the \`${CHECK_NAMES.build}\` check run on that commit.\n\n${outcome.reason}` });
        }
        const checkRunId = !moved && options.checkRunId ? options.checkRunId : (outcome.pushed && headSha ? await createCheckRun(gh, { owner, repo, name: CHECK_NAMES.build, headSha, externalId: options.jobId }) : undefined);
        if (checkRunId) await completeCheckRun(gh, { owner, repo, checkRunId, evidence, report: `${outcome.reason}\n\n${renderReport(evidence)}` });
      } catch (error) {
        warn('complete the check run', error);
      }
    },
  };
}
