import { LokiError, isLokiError } from '../../gates/core/errors.js';
import { parseIssueRef } from '../../gates/spec/lock-spec.js';
import { normaliseSpec } from '../../gates/spec/normalise-spec.js';
import type { Spec } from '../../gates/spec/spec-schema.js';
import { createGitHubClient, DEFAULT_API_URL, type GitHubClient } from '../../github/client.js';
import { fetchIssueSpec } from '../job/fetch-issue-spec.js';

export interface IssueSource {
  /** A ready client (the runner's, Probot's), or a token and API root to make one. */
  client?: GitHubClient;
  token?: string;
  baseUrl?: string;
}

/**
 * Reads `owner/repo#N` from GitHub (title, body, labels) and normalises it into a Spec, for
 * `loki spec|grill|plan` and for rechecking an issue before a build is called done.
 */
export async function loadIssueSpec(ref: string, source: IssueSource): Promise<Spec> {
  const issue = parseIssueRef(ref);
  if (!issue) throw new LokiError('USAGE', `"${ref}" is not an issue reference`, { fix: 'name the issue as owner/repo#N, e.g. octo/app#12' });
  const client = source.client ?? clientFor(ref, source);
  let fetched;
  try {
    fetched = await fetchIssueSpec(client, issue.owner, issue.repo, issue.number);
  } catch (error) {
    if (isLokiError(error)) throw error;
    throw new LokiError('GITHUB_FAILED', `GitHub's answer for ${ref} is not an issue`, { fix: 'check that GITHUB_API_URL points at a GitHub REST API', cause: error });
  }
  return normaliseSpec({ source: 'issue', text: fetched.text, title: fetched.title, labels: fetched.labels ?? [], ref });
}

function clientFor(ref: string, source: IssueSource): GitHubClient {
  if (!source.token) {
    throw new LokiError('GITHUB_FAILED', `no GitHub token to read the issue ${ref}`, { fix: "set GITHUB_TOKEN or GH_TOKEN to a token that can read the repository's issues" });
  }
  return createGitHubClient({ token: source.token, baseUrl: source.baseUrl ?? DEFAULT_API_URL, retries: 0 });
}
