import type { GitHubClient } from '../runner/github/client.js';
import { editComment, listComments, postComment, type RepoRef } from './github-calls.js';
import type { EditThrottle } from './throttle-edits.js';

/** The hidden marker that finds the one sticky status comment of an issue again (shared with the runner). */
export { STATUS_MARKER } from '../runner/github/status-comment.js';
import { STATUS_MARKER } from '../runner/github/status-comment.js';

export function withMarker(body: string): string {
  return body.includes(STATUS_MARKER) ? body : `${STATUS_MARKER}\n${body}`;
}

/**
 * The sticky comment's id: only a bot's comment counts, so a user pasting the marker into their
 * own comment cannot have Loki overwrite it.
 */
export async function findStatusComment(gh: GitHubClient, ref: RepoRef, issueNumber: number): Promise<number | undefined> {
  const comments = await listComments(gh, ref, issueNumber);
  return comments.find((c) => c.user?.type === 'Bot' && (c.body ?? '').includes(STATUS_MARKER))?.id;
}

/** Edits the sticky comment in place (throttled), or posts it when the issue has none yet. */
export async function upsertStatus(gh: GitHubClient, throttle: EditThrottle, ref: RepoRef, issueNumber: number, body: string, knownId?: number): Promise<number> {
  const id = knownId ?? (await findStatusComment(gh, ref, issueNumber));
  if (id === undefined) return postComment(gh, ref, issueNumber, withMarker(body));
  await throttle.edit(`${ref.owner}/${ref.repo}#${id}`, () => editComment(gh, ref, id, withMarker(body)));
  return id;
}
