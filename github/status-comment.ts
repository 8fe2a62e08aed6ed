import { z } from 'zod';
import type { Verdict } from '../gates/evidence/schema.js';
import { httpStatusOf, type GitHubClient } from './client.js';
import type { RepoRef } from './repo-ref.js';
import { ask, requestFailed, type Permission } from './request-failed.js';
import type { EditThrottle } from './throttle-edits.js';

/** The hidden marker that finds Loki's one status comment on an issue again. */
export const STATUS_MARKER = '<!-- loki:status -->';

export type StatusKind = 'queued' | 'running' | 'done' | 'capped' | 'stuck' | 'refused' | 'blocked' | 'error' | 'cancelled';

export interface StatusState {
  status: StatusKind;
  /** One or two sentences: what is happening, or why it stopped and what to do. */
  message: string;
  phase?: string;
  iteration?: number;
  maxIterations?: number;
  costUsd?: number;
  budgetUsd?: number;
  branch?: string;
  prUrl?: string;
  checkRunUrl?: string;
  verdict?: Verdict;
  gates?: { id: string; status: string }[];
  jobId?: string;
  updatedAt?: string;
}

const ICONS: Record<StatusKind, string> = {
  queued: '⏳', running: '🔄', done: '✅', capped: '⏸️', stuck: '🧱', refused: '🚫', blocked: '⛔', error: '❌', cancelled: '⏹️',
};

/** The sticky comment's body. Only Loki's own text goes in: no agent output, no issue text. */
export function renderStatusComment(state: StatusState): string {
  const lines = [STATUS_MARKER, `### ${ICONS[state.status]} Loki build: ${state.status}`, '', state.message.trim(), ''];
  const facts: string[] = [];
  if (state.phase) facts.push(`phase **${state.phase}**`);
  if (state.iteration !== undefined) facts.push(`iteration **${state.iteration}${state.maxIterations ? `/${state.maxIterations}` : ''}**`);
  if (state.costUsd !== undefined) facts.push(`spend **$${state.costUsd.toFixed(2)}**${state.budgetUsd !== undefined ? ` of $${state.budgetUsd.toFixed(2)}` : ''}`);
  if (state.verdict) facts.push(`verdict **${state.verdict}**`);
  if (facts.length) lines.push(facts.join(' · '), '');
  if (state.gates?.length) lines.push(`Gates: ${state.gates.map((g) => `\`${g.id}\` ${g.status}`).join(', ')}`, '');
  if (state.branch) lines.push(`Branch: \`${state.branch}\``);
  if (state.prUrl) lines.push(`Pull request: ${state.prUrl}`);
  if (state.checkRunUrl) lines.push(`Check run: ${state.checkRunUrl}`);
  const footer = [state.jobId ? `job \`${state.jobId}\`` : '', state.updatedAt ? `updated ${state.updatedAt}` : ''].filter(Boolean).join(' · ');
  if (footer) lines.push('', `<sub>${footer} · \`/loki status\` · \`/loki stop\` · \`/loki retry\`</sub>`);
  return `${lines.join('\n').trimEnd()}\n`;
}

export interface UpsertStatusCommentOptions extends RepoRef {
  issue_number: number;
  body: string;
  /**
   * The `Loki Build` check run this comment reports on, kept in a hidden marker: after a restart,
   * reconciliation finds an accepted build from it, on whatever commit the run was created.
   */
  checkRunId?: number;
  /** A known comment id (the job's status_comment_id): edited directly, searched for if it is gone. */
  commentId?: number;
  /**
   * Coalesces edits of one comment (the App's progress updates): only the latest body is written,
   * at most once per interval, as GitHub's secondary limits on content writes ask.
   */
  throttle?: EditThrottle;
}

const CommentSchema = z.looseObject({ id: z.number().int().positive(), body: z.string().nullish(), user: z.looseObject({ type: z.string().nullish() }).nullish() });
const ISSUES: Permission = 'issues: write';

/** Edits Loki's status comment in place (found by id or marker), or creates it. Returns its id. */
export async function upsertStatusComment(gh: GitHubClient, options: UpsertStatusCommentOptions): Promise<number> {
  const text = options.body.replace(STATUS_MARKER, '').replace(CHECK_RUN_MARKER, '').replace(/^\n+/, '');
  const body = [STATUS_MARKER, ...(options.checkRunId ? [`<!-- loki:check-run ${options.checkRunId} -->`] : []), text].join('\n');
  const repo = { owner: options.owner, repo: options.repo };
  const id = options.commentId ?? (await findStatusComment(gh, repo, options.issue_number));
  if (id !== undefined) {
    const edit = () => gh.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: id, body });
    try {
      if (options.throttle) await options.throttle.edit(`${repo.owner}/${repo.repo}#${id}`, async () => void (await edit()));
      else await edit();
      return id;
    } catch (error) {
      // Deleted by someone: create a new one below rather than lose the status.
      if (httpStatusOf(error) !== 404) throw requestFailed(error, 'edit the status comment', ISSUES);
    }
  }
  const created = await ask(gh, 'post the status comment', 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: options.issue_number, body }, CommentSchema, ISSUES);
  return created.id;
}

const CHECK_RUN_MARKER = /<!-- loki:check-run (\d+) -->\n?/;

export interface StatusCommentRef {
  id: number;
  /** The check run named by the comment's hidden marker, when a writer recorded one. */
  checkRunId?: number;
  /** Its text as it stands (a pull request's follow-up ledger lives in it). */
  body: string;
}

/**
 * Loki's status comment on an issue, found by its marker on a bot's comment. It pages through the
 * comments itself (up to 3,000) so that it can stop at the first match.
 */
export async function readStatusComment(gh: GitHubClient, ref: RepoRef, issueNumber: number): Promise<StatusCommentRef | undefined> {
  for (let page = 1; page <= 30; page++) {
    const comments = await ask(gh, 'list the issue comments', 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...ref, issue_number: issueNumber, per_page: 100, page }, z.array(CommentSchema), ISSUES);
    // Only a bot's comment counts: a user who pastes the marker must not have their comment overwritten.
    const mine = comments.find((c) => c.user?.type === 'Bot' && c.body?.includes(STATUS_MARKER));
    if (mine) {
      const checkRunId = Number(CHECK_RUN_MARKER.exec(mine.body ?? '')?.[1] ?? NaN);
      return { id: mine.id, body: mine.body ?? '', ...(Number.isSafeInteger(checkRunId) && checkRunId > 0 ? { checkRunId } : {}) };
    }
    if (comments.length < 100) return undefined;
  }
  return undefined;
}

/** The id of Loki's status comment on an issue. */
export async function findStatusComment(gh: GitHubClient, ref: RepoRef, issueNumber: number): Promise<number | undefined> {
  return (await readStatusComment(gh, ref, issueNumber))?.id;
}
