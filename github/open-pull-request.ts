import { z } from 'zod';
import { LokiError } from '../gates/core/errors.js';
import { httpStatusOf, type GitHubClient } from './client.js';

export interface PullRequestOptions {
  owner: string;
  repo: string;
  /** The build branch (in the same repository). */
  head: string;
  base: string;
  title: string;
  body: string;
}

export interface PullRequestRef {
  number: number;
  url: string;
  created: boolean;
}

const PullSchema = z.looseObject({ number: z.number().int().positive(), html_url: z.string() });

/** One PR per build branch: the open one is updated (title, body), otherwise one is opened. */
export async function openOrUpdatePullRequest(gh: GitHubClient, options: PullRequestOptions): Promise<PullRequestRef> {
  const repo = { owner: options.owner, repo: options.repo };
  const body = options.body.length > 65_000 ? `${options.body.slice(0, 64_900)}\n\n…(cut to fit GitHub's limit)` : options.body;
  try {
    const open = await gh.request('GET /repos/{owner}/{repo}/pulls', { ...repo, head: `${options.owner}:${options.head}`, state: 'open', per_page: 1 });
    const existing = z.array(PullSchema).parse(open.data)[0];
    if (existing) {
      await gh.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: existing.number, title: options.title, body });
      return { number: existing.number, url: existing.html_url, created: false };
    }
    const created = await gh.request('POST /repos/{owner}/{repo}/pulls', { ...repo, head: options.head, base: options.base, title: options.title, body, maintainer_can_modify: true });
    const pull = PullSchema.parse(created.data);
    return { number: pull.number, url: pull.html_url, created: true };
  } catch (error) {
    const status = httpStatusOf(error);
    throw new LokiError('GITHUB_FAILED', `could not open or update the pull request for ${options.head}: ${status ? `HTTP ${status}: ` : ''}${error instanceof Error ? error.message : String(error)}`, {
      fix: status === 403 ? 'give the token `pull-requests: write` (or the App the Pull requests permission)' : 'check the repository and the base branch, then re-run: the branch is pushed',
      cause: error,
    });
  }
}
