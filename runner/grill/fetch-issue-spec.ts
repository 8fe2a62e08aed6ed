import { z } from 'zod';
import { LokiError } from '../../gates/core/errors.js';
import { normaliseSpec } from '../../gates/spec/normalise-spec.js';
import { parseIssueRef } from '../../gates/spec/lock-spec.js';
import type { Spec } from '../../gates/spec/spec-schema.js';
import { createGitHubClient, DEFAULT_API_URL, httpStatusOf, type GitHubClient } from '../github/client.js';

const IssueSchema = z.object({
  title: z.string(),
  body: z.string().nullable().optional(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).default([]),
});

export interface IssueSource {
  /** A ready client (the runner's, Probot's), or a token and API root to make one. */
  client?: GitHubClient;
  token?: string;
  baseUrl?: string;
}

/**
 * Reads `owner/repo#N` from GitHub and normalises it (title, body, labels). The runner calls it
 * again before declaring a build done, to see whether the issue was edited mid-run.
 */
export async function fetchIssueSpec(ref: string, source: IssueSource): Promise<Spec> {
  const issue = parseIssueRef(ref);
  if (!issue) throw new LokiError('USAGE', `"${ref}" is not an issue reference`, { fix: 'name the issue as owner/repo#N, e.g. octo/app#12' });
  const client = source.client ?? clientFor(ref, source);
  let data: unknown;
  try {
    ({ data } = await client.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner: issue.owner, repo: issue.repo, issue_number: issue.number }));
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 404 || status === 410) {
      throw new LokiError('SPEC_NOT_FOUND', `the issue ${ref} was not found (or the token cannot read it)`, { fix: 'check the owner, repository and number, and that the token can read the repository\'s issues', cause: error });
    }
    throw new LokiError('GITHUB_FAILED', `cannot read the issue ${ref}: ${(error as Error).message}`, { fix: 'check the token (GITHUB_TOKEN or GH_TOKEN) and GITHUB_API_URL, then retry', cause: error });
  }
  const parsed = IssueSchema.safeParse(data);
  if (!parsed.success) throw new LokiError('GITHUB_FAILED', `GitHub's answer for ${ref} is not an issue`, { fix: 'check that GITHUB_API_URL points at a GitHub REST API' });
  const { title, body, labels } = parsed.data;
  return normaliseSpec({ source: 'issue', text: body ?? '', title, labels: labels.map((l) => (typeof l === 'string' ? l : l.name)), ref });
}

function clientFor(ref: string, source: IssueSource): GitHubClient {
  if (!source.token) {
    throw new LokiError('GITHUB_FAILED', `no GitHub token to read the issue ${ref}`, { fix: 'set GITHUB_TOKEN or GH_TOKEN to a token that can read the repository\'s issues' });
  }
  return createGitHubClient({ token: source.token, baseUrl: source.baseUrl ?? DEFAULT_API_URL, retries: 0 });
}
