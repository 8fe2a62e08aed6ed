import { z } from 'zod';
import { LokiError } from '../../gates/core/errors.js';
import { httpStatusOf, type GitHubClient } from '../../github/client.js';
import type { JobInput } from './schema.js';

const IssueSchema = z.looseObject({
  title: z.string(),
  body: z.string().nullish(),
  labels: z.array(z.union([z.string(), z.looseObject({ name: z.string().nullish() })])).default([]),
  pull_request: z.unknown().optional(),
});

/** The spec of `owner/repo#N`: the issue's title, body and labels, as received (sanitised later). */
export async function fetchIssueSpec(gh: GitHubClient, owner: string, repo: string, number: number): Promise<NonNullable<JobInput['spec']>> {
  let data: unknown;
  try {
    data = (await gh.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: number })).data;
  } catch (error) {
    const status = httpStatusOf(error);
    throw new LokiError('SPEC_NOT_FOUND', `cannot read ${owner}/${repo}#${number}: ${status ? `HTTP ${status}` : (error as Error).message}`, {
      fix: status === 404 || status === 401 ? 'check the issue reference and that the token (LOKI_GITHUB_TOKEN or GITHUB_TOKEN) can read the repository' : 'check your network and GitHub status, then retry',
      cause: error,
    });
  }
  const issue = IssueSchema.parse(data);
  return {
    source: 'issue',
    ref: `${owner}/${repo}#${number}`,
    title: issue.title,
    text: issue.body ?? '',
    labels: issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
  };
}
