import { z } from 'zod';
import type { Evidence, Verdict } from '../gates/evidence/schema.js';
import { inBatches, selectAnnotated, toAnnotation, type ChangedLines } from './annotations.js';
import type { GitHubClient } from './client.js';
import { CHECK_RUN_TEXT_LIMIT, fitToLimit } from './fit-to-limit.js';
import type { RepoRef } from './repo-ref.js';
import { ask, askAll, send, type Permission } from './request-failed.js';

/** The check runs Loki owns (public names: see the contract). */
export const CHECK_NAMES = { verify: 'Loki Verify', build: 'Loki Build' } as const;

export type CheckConclusion = 'success' | 'action_required' | 'failure';

/**
 * CONCERNS is `action_required`, never `neutral`: branch protection counts neutral as passing,
 * and a change Loki could not fully verify must not pass as if it had been.
 */
export function conclusionFor(verdict: Verdict): CheckConclusion {
  switch (verdict) {
    case 'VERIFIED':
      return 'success';
    case 'CONCERNS':
      return 'action_required';
    case 'BLOCKED':
    case 'ERROR':
      return 'failure';
  }
}

export interface CreateCheckRunOptions extends RepoRef {
  name: string;
  headSha: string;
  status?: 'queued' | 'in_progress';
  externalId?: string;
  detailsUrl?: string;
  /** What the check run says until it is updated (a queued build: who asked for it). */
  title?: string;
  summary?: string;
}

const CHECKS: Permission = 'checks: write';
const CheckRunIdSchema = z.looseObject({ id: z.number().int().positive() });

/** Creates a check run on a commit and returns its id. */
export async function createCheckRun(gh: GitHubClient, options: CreateCheckRunOptions): Promise<number> {
  const status = options.status ?? 'in_progress';
  const created = await ask(gh, `create the "${options.name}" check run`, 'POST /repos/{owner}/{repo}/check-runs', {
    owner: options.owner,
    repo: options.repo,
    name: options.name,
    head_sha: options.headSha,
    status,
    ...(status === 'in_progress' ? { started_at: new Date().toISOString() } : {}),
    ...(options.externalId ? { external_id: options.externalId } : {}),
    ...(options.detailsUrl ? { details_url: options.detailsUrl } : {}),
    ...(options.title ? { output: { title: options.title.slice(0, 255), summary: fitToLimit(options.summary ?? '', CHECK_RUN_TEXT_LIMIT, { pointer: CUT }) } } : {}),
  }, CheckRunIdSchema, CHECKS);
  return created.id;
}

const CUT = '…(cut to fit GitHub\'s limit)';

const CheckRunSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullish(),
  external_id: z.string().nullish(),
  head_sha: z.string(),
  html_url: z.string().nullish(),
});
export type CheckRun = z.infer<typeof CheckRunSchema>;

export function getCheckRun(gh: GitHubClient, ref: RepoRef, checkRunId: number): Promise<CheckRun> {
  return ask(gh, 'read a check run', 'GET /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...ref, check_run_id: checkRunId }, CheckRunSchema);
}

/** Every check run of one name on a ref (a branch name or a SHA), all pages. */
export function listCheckRuns(gh: GitHubClient, ref: RepoRef, gitRef: string, name: string): Promise<CheckRun[]> {
  return askAll(gh, `list the "${name}" check runs`, 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ...ref, ref: gitRef, check_name: name }, CheckRunSchema);
}

export interface UpdateCheckRunOptions extends RepoRef {
  checkRunId: number;
  status?: 'queued' | 'in_progress';
  title: string;
  summary: string;
  text?: string;
}

/** Shows progress on a running check run (title and summary, cut to GitHub's limits). */
export async function updateCheckRun(gh: GitHubClient, options: UpdateCheckRunOptions): Promise<void> {
  await send(gh, 'update the check run', 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
    owner: options.owner,
    repo: options.repo,
    check_run_id: options.checkRunId,
    ...(options.status ? { status: options.status } : {}),
    output: {
      title: options.title.slice(0, 255),
      summary: fitToLimit(options.summary, CHECK_RUN_TEXT_LIMIT, { pointer: CUT }),
      ...(options.text ? { text: fitToLimit(options.text, CHECK_RUN_TEXT_LIMIT, { pointer: CUT }) } : {}),
    },
  }, CHECKS);
}

export interface CheckRunAction {
  /** Button label, at most 20 characters. */
  label: string;
  /** At most 40 characters. */
  description: string;
  /** Sent back in `check_run.requested_action`; at most 20 characters. */
  identifier: string;
}

export interface CompleteCheckRunOptions extends RepoRef {
  checkRunId: number;
  evidence: Evidence;
  /** The Markdown report (renderReport); cut to the API's limit here. */
  report: string;
  /** At most 3 buttons. */
  actions?: CheckRunAction[];
  /** Where the full evidence can be read when the report is cut (an artifact or run URL). */
  evidenceUrl?: string;
  /** Only findings on these lines are annotated; without it every located finding is. */
  changedLines?: ChangedLines;
  /** More annotations than this stay in the report and SARIF only (each 50 costs one request). */
  maxAnnotations?: number;
}

export interface CompletedCheckRun {
  conclusion: CheckConclusion;
  annotations: number;
  /** Annotation requests that failed; the check run was still completed. */
  failedBatches: number;
}

const DEFAULT_MAX_ANNOTATIONS = 500;

/**
 * Completes a check run with the verdict: conclusion, title, the report as summary, and
 * annotations on changed lines in batches of at most 50. The earlier batches go first and the
 * conclusion last, so a check run never reads as done while its annotations are still arriving.
 */
export async function completeCheckRun(gh: GitHubClient, options: CompleteCheckRunOptions): Promise<CompletedCheckRun> {
  const { evidence } = options;
  const located = selectAnnotated(evidence.findings, options.changedLines);
  const limit = options.maxAnnotations ?? DEFAULT_MAX_ANNOTATIONS;
  const annotations = located.slice(0, limit).map(toAnnotation);
  const title = titleFor(evidence);
  const summary = summaryFor(options, located.length - annotations.length);
  const batches = inBatches(annotations);
  const last = batches.pop() ?? [];
  const base = { owner: options.owner, repo: options.repo, check_run_id: options.checkRunId };
  const route = 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}';

  let failedBatches = 0;
  for (const batch of batches) {
    try {
      await send(gh, 'add annotations to the check run', route, { ...base, output: { title, summary, annotations: batch } }, CHECKS);
    } catch {
      // Annotations are a view of findings that the report and SARIF also carry: go on to the verdict.
      failedBatches++;
    }
  }
  const conclusion = conclusionFor(evidence.verdict);
  await send(gh, 'complete the check run', route, {
    ...base,
    status: 'completed',
    conclusion,
    completed_at: new Date().toISOString(),
    output: { title, summary, annotations: last },
    ...(options.actions?.length ? { actions: options.actions.slice(0, 3) } : {}),
  }, CHECKS);
  return { conclusion, annotations: annotations.length - failedBatches * 50, failedBatches };
}

export type Conclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'action_required' | 'timed_out';

export interface ConcludeCheckRunOptions {
  conclusion: Conclusion;
  title: string;
  /** Markdown; cut to GitHub's limit here. */
  summary: string;
  /** Offer a Retry button (the App answers its `requested_action`). */
  retryButton?: boolean;
}

export const RETRY_ACTION: CheckRunAction = { label: 'Retry', description: 'Run this Loki job again', identifier: 'retry' };

/** Completes a check run that has no evidence to show: cancelled, crashed, refused, given up on. */
export async function concludeCheckRun(gh: GitHubClient, ref: RepoRef, checkRunId: number, result: ConcludeCheckRunOptions): Promise<void> {
  await send(gh, 'complete the check run', 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
    ...ref,
    check_run_id: checkRunId,
    status: 'completed',
    conclusion: result.conclusion,
    completed_at: new Date().toISOString(),
    output: { title: result.title.slice(0, 255), summary: fitToLimit(result.summary, CHECK_RUN_TEXT_LIMIT, { pointer: CUT }) },
    ...(result.retryButton ? { actions: [RETRY_ACTION] } : {}),
  }, CHECKS);
}

export interface FailCheckRunOptions extends RepoRef {
  checkRunId: number;
  /** What went wrong, in one line. */
  reason: string;
  /** What to do about it. */
  fix: string;
}

/**
 * Completes a check run as failure when the work crashed before there was evidence, so it never
 * stays "in progress" forever and never reads as passed.
 */
export function failCheckRun(gh: GitHubClient, options: FailCheckRunOptions): Promise<void> {
  return concludeCheckRun(gh, { owner: options.owner, repo: options.repo }, options.checkRunId, {
    conclusion: 'failure',
    title: `ERROR: ${options.reason.split('\n')[0] ?? ''}`,
    summary: `## ❌ ERROR\n\n${options.reason}\n\n**Fix:** ${options.fix}`,
  });
}

/** Completes a check run whose job was stopped on purpose (`/loki stop`, an unlabel): conclusion `cancelled`. */
export function cancelCheckRun(gh: GitHubClient, options: Omit<FailCheckRunOptions, 'fix'>): Promise<void> {
  return concludeCheckRun(gh, { owner: options.owner, repo: options.repo }, options.checkRunId, { conclusion: 'cancelled', title: 'Cancelled', summary: `## ⏹️ Cancelled\n\n${options.reason}` });
}

/** "BLOCKED: 2 blocking findings: …" — for ERROR, the reason it could not run. */
export function titleFor(evidence: Evidence): string {
  const reason = evidence.verdict === 'ERROR' ? (evidence.error?.message ?? evidence.summary) : evidence.summary;
  const line = reason.split('\n')[0] ?? '';
  return `${evidence.verdict}: ${line}`.slice(0, 255);
}

function summaryFor(options: CompleteCheckRunOptions, unannotated: number): string {
  const where = options.evidenceUrl ? `the full evidence: ${options.evidenceUrl}` : 'the full report is in evidence.json and report.md of this run';
  const extra = unannotated > 0 ? `\n\n${unannotated} more finding${unannotated === 1 ? '' : 's'} on changed lines are not annotated here; ${where}.` : '';
  return fitToLimit(options.report + extra, CHECK_RUN_TEXT_LIMIT, { pointer: `**Report cut to GitHub's limit** — ${where}.` });
}
