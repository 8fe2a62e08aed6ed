import type { GitHubClient } from '../github/client.js';
import { findStatusComment as findMarkedComment, upsertStatusComment } from '../github/status-comment.js';
import type { RepoRef } from '../github/calls.js';
import type { EditThrottle } from '../github/throttle-edits.js';

/** The hidden marker that finds the one sticky status comment of an issue again (shared with the runner). */
export { STATUS_MARKER } from '../github/status-comment.js';

/** The sticky comment's id; only a bot's comment counts, so a pasted marker cannot hijack it. */
export function findStatusComment(gh: GitHubClient, ref: RepoRef, issueNumber: number): Promise<number | undefined> {
  return findMarkedComment(gh, { owner: ref.owner, repo: ref.repo, issue_number: issueNumber });
}

/** Edits the sticky comment in place (throttled), or posts it when the issue has none yet. */
export async function upsertStatus(gh: GitHubClient, throttle: EditThrottle, ref: RepoRef, issueNumber: number, body: string, knownId?: number): Promise<number> {
  const target = { owner: ref.owner, repo: ref.repo, issue_number: issueNumber, body };
  const id = knownId ?? (await findStatusComment(gh, ref, issueNumber));
  if (id === undefined) return upsertStatusComment(gh, target);
  await throttle.edit(`${ref.owner}/${ref.repo}#${id}`, async () => void (await upsertStatusComment(gh, { ...target, commentId: id })));
  return id;
}
