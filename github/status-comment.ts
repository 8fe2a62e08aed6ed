import { z } from 'zod';
import { LokiError } from '../gates/core/errors.js';
import type { Verdict } from '../gates/evidence/schema.js';
import { httpStatusOf, type GitHubClient } from './client.js';

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

export interface UpsertStatusCommentOptions {
  owner: string;
  repo: string;
  issue_number: number;
  body: string;
  /** A known comment id (the job's status_comment_id): edited directly, searched for if it is gone. */
  commentId?: number;
}

const CommentSchema = z.looseObject({ id: z.number().int().positive(), body: z.string().nullish(), user: z.looseObject({ type: z.string().nullish() }).nullish() });

/** Edits Loki's status comment in place (found by id or marker), or creates it. Returns its id. */
export async function upsertStatusComment(gh: GitHubClient, options: UpsertStatusCommentOptions): Promise<number> {
  const body = options.body.includes(STATUS_MARKER) ? options.body : `${STATUS_MARKER}\n${options.body}`;
  const repo = { owner: options.owner, repo: options.repo };
  const id = options.commentId ?? (await findStatusComment(gh, options));
  if (id !== undefined) {
    try {
      await gh.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: id, body });
      return id;
    } catch (error) {
      // Deleted by someone: create a new one below rather than lose the status.
      if (httpStatusOf(error) !== 404) throw failed(error, 'edit the status comment');
    }
  }
  try {
    const created = await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: options.issue_number, body });
    return CommentSchema.parse(created.data).id;
  } catch (error) {
    throw failed(error, 'post the status comment');
  }
}

/** The id of Loki's status comment on an issue, found by its marker on a bot's comment. */
export async function findStatusComment(gh: GitHubClient, options: { owner: string; repo: string; issue_number: number }): Promise<number | undefined> {
  for (let page = 1; page <= 30; page++) {
    const response = await gh
      .request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: options.owner, repo: options.repo, issue_number: options.issue_number, per_page: 100, page })
      .catch((error: unknown) => {
        throw failed(error, 'list the issue comments');
      });
    const comments = z.array(CommentSchema).parse(response.data);
    // Only a bot's comment counts: a user who pastes the marker must not have their comment overwritten.
    const mine = comments.find((c) => c.user?.type === 'Bot' && c.body?.includes(STATUS_MARKER));
    if (mine) return mine.id;
    if (comments.length < 100) return undefined;
  }
  return undefined;
}

function failed(error: unknown, what: string): LokiError {
  if (error instanceof LokiError) return error;
  const status = httpStatusOf(error);
  return new LokiError('GITHUB_FAILED', `could not ${what}: ${status ? `HTTP ${status}: ` : ''}${error instanceof Error ? error.message : String(error)}`, {
    fix: status === 403 ? 'give the token `issues: write` (or the App the Issues permission)' : 'check the repository, the issue number and the token, then re-run',
    cause: error,
  });
}
