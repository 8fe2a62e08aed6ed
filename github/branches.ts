import { z } from 'zod';
import { httpStatusOf, type GitHubClient } from './client.js';
import type { RepoRef } from './repo-ref.js';
import { ask } from './request-failed.js';

export async function branchHeadSha(gh: GitHubClient, ref: RepoRef, branch: string): Promise<string> {
  const data = await ask(gh, `read branch ${branch}`, 'GET /repos/{owner}/{repo}/branches/{branch}', { ...ref, branch }, z.object({ commit: z.object({ sha: z.string() }) }));
  return data.commit.sha;
}

/** The branch's head, or undefined when the branch does not exist. */
export async function findBranchSha(gh: GitHubClient, ref: RepoRef, branch: string): Promise<string | undefined> {
  try {
    return await branchHeadSha(gh, ref, branch);
  } catch (error) {
    if (httpStatusOf(error) === 404) return undefined;
    throw error;
  }
}
