import { z } from 'zod';
import { LokiError } from '../gates/core/errors.js';
import type { Evidence, Verdict } from '../gates/evidence/schema.js';
import { inBatches, selectAnnotated, toAnnotation, type ChangedLines } from './annotations.js';
import { httpStatusOf, type GitHubClient } from './client.js';
import { CHECK_RUN_TEXT_LIMIT, fitToLimit } from './fit-to-limit.js';

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

interface RepoRef {
  owner: string;
  repo: string;
}

export interface CreateCheckRunOptions extends RepoRef {
  name: string;
  headSha: string;
  status?: 'queued' | 'in_progress';
  externalId?: string;
  detailsUrl?: string;
}

const CheckRunCreatedSchema = z.looseObject({ id: z.number().int().positive() });

/** Creates a check run on a commit and returns its id. */
export async function createCheckRun(gh: GitHubClient, options: CreateCheckRunOptions): Promise<number> {
  const status = options.status ?? 'in_progress';
  const response = await send(gh, 'POST /repos/{owner}/{repo}/check-runs', `create the "${options.name}" check run`, {
    owner: options.owner,
    repo: options.repo,
    name: options.name,
    head_sha: options.headSha,
    status,
    ...(status === 'in_progress' ? { started_at: new Date().toISOString() } : {}),
    ...(options.externalId ? { external_id: options.externalId } : {}),
    ...(options.detailsUrl ? { details_url: options.detailsUrl } : {}),
  });
  const parsed = CheckRunCreatedSchema.safeParse(response.data);
  if (!parsed.success) {
    throw new LokiError('GITHUB_FAILED', `GitHub answered the check-run creation without a check-run id (HTTP ${response.status})`, {
      fix: 'check that the API URL points at GitHub (GITHUB_API_URL / GHE_HOST) and try again',
    });
  }
  return parsed.data.id;
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
  await send(gh, 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', 'update the check run', {
    owner: options.owner,
    repo: options.repo,
    check_run_id: options.checkRunId,
    ...(options.status ? { status: options.status } : {}),
    output: {
      title: options.title.slice(0, 255),
      summary: fitToLimit(options.summary, CHECK_RUN_TEXT_LIMIT, { pointer: '…(cut to fit GitHub\'s limit)' }),
      ...(options.text ? { text: fitToLimit(options.text, CHECK_RUN_TEXT_LIMIT, { pointer: '…(cut to fit GitHub\'s limit)' }) } : {}),
    },
  });
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
      await send(gh, route, 'add annotations to the check run', { ...base, output: { title, summary, annotations: batch } });
    } catch {
      // Annotations are a view of findings that the report and SARIF also carry: go on to the verdict.
      failedBatches++;
    }
  }
  const conclusion = conclusionFor(evidence.verdict);
  await send(gh, route, 'complete the check run', {
    ...base,
    status: 'completed',
    conclusion,
    completed_at: new Date().toISOString(),
    output: { title, summary, annotations: last },
    ...(options.actions?.length ? { actions: options.actions.slice(0, 3) } : {}),
  });
  return { conclusion, annotations: annotations.length - failedBatches * 50, failedBatches };
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
export async function failCheckRun(gh: GitHubClient, options: FailCheckRunOptions): Promise<void> {
  await send(gh, 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', 'complete the check run', {
    owner: options.owner,
    repo: options.repo,
    check_run_id: options.checkRunId,
    status: 'completed',
    conclusion: 'failure',
    completed_at: new Date().toISOString(),
    output: {
      title: `ERROR: ${options.reason.split('\n')[0] ?? ''}`.slice(0, 255),
      summary: fitToLimit(`## ❌ ERROR\n\n${options.reason}\n\n**Fix:** ${options.fix}`, CHECK_RUN_TEXT_LIMIT, { pointer: '…(cut to fit GitHub\'s limit)' }),
    },
  });
}

/** Completes a check run whose job was stopped on purpose (`/loki stop`, an unlabel): conclusion `cancelled`. */
export async function cancelCheckRun(gh: GitHubClient, options: Omit<FailCheckRunOptions, 'fix'>): Promise<void> {
  await send(gh, 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', 'complete the check run', {
    owner: options.owner,
    repo: options.repo,
    check_run_id: options.checkRunId,
    status: 'completed',
    conclusion: 'cancelled',
    completed_at: new Date().toISOString(),
    output: {
      title: 'Cancelled',
      summary: fitToLimit(`## ⏹️ Cancelled\n\n${options.reason}`, CHECK_RUN_TEXT_LIMIT, { pointer: '…(cut to fit GitHub\'s limit)' }),
    },
  });
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

async function send(gh: GitHubClient, route: string, what: string, parameters: Record<string, unknown>): Promise<{ status: number; data: unknown }> {
  try {
    return await gh.request(route, parameters);
  } catch (error) {
    throw requestFailed(error, what);
  }
}

/** A failed API call as a LokiError with the fix; the HTTP status stays reachable via `cause`. */
export function requestFailed(error: unknown, what: string): LokiError {
  const status = httpStatusOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  return new LokiError('GITHUB_FAILED', `could not ${what}: ${status ? `HTTP ${status}: ` : ''}${detail}`, {
    fix: fixFor(status),
    cause: error,
  });
}

function fixFor(status: number | undefined): string {
  if (status === 401) return 'the token is invalid or expired: pass a valid token';
  if (status === 403) return 'give the token `checks: write` (workflow `permissions:`, or the App\'s Checks permission); fork PRs only get a read-only token';
  if (status === 404) return 'check the repository name and that the token has access to it';
  if (status === 422) return 'check that the commit SHA exists in the repository';
  return 'GitHub did not answer as expected: check https://www.githubstatus.com and re-run';
}
