import type { GitHubClient } from '../github/client.js';
import { LokiError } from '../gates/core/errors.js';
import type { RepoRef } from '../github/repo-ref.js';
import { PullRequestPayloadSchema, type PullRequestPayload } from './payload.js';

/** A pull request's head and base, for commands and check-run re-runs that only carry its number. */
export async function readPullRequest(gh: GitHubClient, ref: RepoRef, number: number): Promise<PullRequestPayload> {
  let data: unknown;
  try {
    ({ data } = await gh.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...ref, pull_number: number }));
  } catch (error) {
    throw new LokiError('GITHUB_FAILED', `could not read pull request #${number}: ${(error as Error).message}`, { fix: 'check that the App can read pull requests on this repository', cause: error });
  }
  return PullRequestPayloadSchema.parse(data);
}
