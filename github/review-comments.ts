import { z } from 'zod';
import type { GitHubClient } from './client.js';
import type { RepoRef } from './repo-ref.js';
import { ask, askAll, type Permission } from './request-failed.js';

const PULLS_READ: Permission = 'pull_requests: read';
const PULLS_WRITE: Permission = 'pull_requests: write';

export const ReviewCommentSchema = z.looseObject({
  id: z.number().int().positive(),
  body: z.string().nullish(),
  path: z.string(),
  line: z.number().int().nullish(),
  original_line: z.number().int().nullish(),
  diff_hunk: z.string().nullish(),
  in_reply_to_id: z.number().int().positive().nullish(),
  user: z.looseObject({ login: z.string(), type: z.string().nullish() }).nullish(),
  html_url: z.string().nullish(),
});
export type ReviewComment = z.infer<typeof ReviewCommentSchema>;

/** Every review comment of a pull request, all pages, oldest first. */
export function listReviewComments(gh: GitHubClient, ref: RepoRef, pullNumber: number): Promise<ReviewComment[]> {
  return askAll(gh, `list the review comments of pull request #${pullNumber}`, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments', { ...ref, pull_number: pullNumber, sort: 'created', direction: 'asc' }, ReviewCommentSchema, PULLS_READ);
}

/** Replies in the thread of a review comment (the reply lands under the thread's first comment). */
export async function replyToReviewComment(gh: GitHubClient, ref: RepoRef, pullNumber: number, commentId: number, body: string): Promise<number> {
  const reply = await ask(gh, `reply to review comment ${commentId}`, 'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies', { ...ref, pull_number: pullNumber, comment_id: commentId, body }, z.looseObject({ id: z.number().int().positive() }), PULLS_WRITE);
  return reply.id;
}

export interface ReviewThread {
  /** The thread's first comment. */
  root: ReviewComment;
  comments: ReviewComment[];
}

/**
 * The threads still waiting for an answer: those whose last comment is not `botLogin`'s. A thread
 * Loki answered is open again when a reviewer writes in it after the answer.
 */
export function openThreads(comments: readonly ReviewComment[], botLogin: string): ReviewThread[] {
  const byRoot = new Map<number, ReviewThread>();
  const rootOf = new Map<number, number>();
  for (const c of comments) {
    const parent = c.in_reply_to_id ?? undefined;
    const root = parent === undefined ? c.id : (rootOf.get(parent) ?? parent);
    rootOf.set(c.id, root);
    const thread = byRoot.get(root);
    if (thread) thread.comments.push(c);
    else if (parent === undefined) byRoot.set(root, { root: c, comments: [c] });
  }
  const isBot = (c: ReviewComment) => c.user?.login.toLowerCase() === botLogin.toLowerCase();
  return [...byRoot.values()].filter((t) => !isBot(t.comments[t.comments.length - 1] as ReviewComment) && !isBot(t.root));
}
