import { z } from 'zod';
import { LokiError } from '../gates/core/errors.js';
import type { GitHubClient } from './client.js';
import { httpStatusOf } from './client.js';

/**
 * The few REST calls the App makes itself (the runner reports its own progress). Every answer is
 * checked with zod, and every failure becomes a GITHUB_FAILED LokiError naming the call, so it can
 * be surfaced in the status comment instead of swallowed.
 */
export interface RepoRef {
  owner: string;
  repo: string;
}

async function call<T>(gh: GitHubClient, what: string, route: string, params: Record<string, unknown>, schema: z.ZodType<T>): Promise<T> {
  let data: unknown;
  try {
    ({ data } = await gh.request(route, params));
  } catch (error) {
    const status = httpStatusOf(error);
    throw new LokiError('GITHUB_FAILED', `GitHub refused to ${what}${status ? ` (HTTP ${status})` : ''}: ${(error as Error).message}`, {
      fix: status === 403 || status === 404 ? 'check that the Loki App is installed on this repository with the permissions in app.yml' : 'retry with `/loki retry`; if it persists, check https://www.githubstatus.com',
      cause: error,
    });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new LokiError('GITHUB_FAILED', `GitHub answered "${what}" with an unexpected shape`, { fix: 'check GHE_HOST points at a GitHub API', cause: parsed.error });
  return parsed.data;
}

const IdSchema = z.object({ id: z.number().int().positive() });

export function addReaction(gh: GitHubClient, ref: RepoRef, issueNumber: number, content: 'eyes' | 'rocket' | '+1'): Promise<unknown> {
  return call(gh, 'add a reaction', 'POST /repos/{owner}/{repo}/issues/{issue_number}/reactions', { ...ref, issue_number: issueNumber, content }, z.unknown());
}

export async function postComment(gh: GitHubClient, ref: RepoRef, issueNumber: number, body: string): Promise<number> {
  const { id } = await call(gh, 'post a comment', 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...ref, issue_number: issueNumber, body }, IdSchema);
  return id;
}

export async function branchHeadSha(gh: GitHubClient, ref: RepoRef, branch: string): Promise<string> {
  const data = await call(gh, `read branch ${branch}`, 'GET /repos/{owner}/{repo}/branches/{branch}', { ...ref, branch }, z.object({ commit: z.object({ sha: z.string() }) }));
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

const CheckRunSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullish(),
  external_id: z.string().nullish(),
  head_sha: z.string(),
  html_url: z.string().nullish(),
});
export type CheckRun = z.infer<typeof CheckRunSchema>;

export function createCheckRun(gh: GitHubClient, ref: RepoRef, run: { name: string; headSha: string; externalId: string; status: 'queued' | 'in_progress'; title: string; summary: string }): Promise<CheckRun> {
  return call(gh, `create the ${run.name} check run`, 'POST /repos/{owner}/{repo}/check-runs', {
    ...ref,
    name: run.name,
    head_sha: run.headSha,
    external_id: run.externalId,
    status: run.status,
    output: { title: run.title, summary: run.summary },
  }, CheckRunSchema);
}

export function getCheckRun(gh: GitHubClient, ref: RepoRef, checkRunId: number): Promise<CheckRun> {
  return call(gh, 'read a check run', 'GET /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...ref, check_run_id: checkRunId }, CheckRunSchema);
}

export type Conclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'action_required' | 'timed_out';

/** Finishes a check run the runner could not finish itself (cancelled, crashed, refused). */
export async function concludeCheckRun(gh: GitHubClient, ref: RepoRef, checkRunId: number, result: { conclusion: Conclusion; title: string; summary: string; retryButton?: boolean }): Promise<void> {
  await call(gh, 'complete a check run', 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
    ...ref,
    check_run_id: checkRunId,
    status: 'completed',
    conclusion: result.conclusion,
    completed_at: new Date().toISOString(),
    output: { title: result.title, summary: result.summary.slice(0, 65_000) },
    ...(result.retryButton ? { actions: [{ label: 'Retry', description: 'Run this Loki job again', identifier: 'retry' }] } : {}),
  }, z.unknown());
}

/** Check runs of one name on a ref (a branch name or a SHA). */
export async function listCheckRuns(gh: GitHubClient, ref: RepoRef, gitRef: string, name: string): Promise<CheckRun[]> {
  const data = await call(gh, `list ${name} check runs`, 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ...ref, ref: gitRef, check_name: name, per_page: 100 }, z.object({ check_runs: z.array(CheckRunSchema) }));
  return data.check_runs;
}

const PermissionSchema = z.object({ permission: z.string(), role_name: z.string().optional() });
export type CollaboratorPermission = z.infer<typeof PermissionSchema>;

/** The user's role on the repository, or undefined when they are not a collaborator (404). */
export async function collaboratorPermission(gh: GitHubClient, ref: RepoRef, username: string): Promise<CollaboratorPermission | undefined> {
  try {
    return await call(gh, `read ${username}'s permission`, 'GET /repos/{owner}/{repo}/collaborators/{username}/permission', { ...ref, username }, PermissionSchema);
  } catch (error) {
    if (httpStatusOf(error) === 404) return undefined;
    throw error;
  }
}

const IssueSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullish(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string().optional() })])).default([]),
  pull_request: z.unknown().optional(),
  state: z.string().optional(),
});
export type IssueData = z.infer<typeof IssueSchema>;

export function getIssue(gh: GitHubClient, ref: RepoRef, issueNumber: number): Promise<IssueData> {
  return call(gh, `read issue #${issueNumber}`, 'GET /repos/{owner}/{repo}/issues/{issue_number}', { ...ref, issue_number: issueNumber }, IssueSchema);
}

/** Open issues carrying a label (pull requests excluded). */
export async function listLabelledIssues(gh: GitHubClient, ref: RepoRef, label: string): Promise<IssueData[]> {
  const issues = await call(gh, `list issues labelled ${label}`, 'GET /repos/{owner}/{repo}/issues', { ...ref, labels: label, state: 'open', per_page: 100 }, z.array(IssueSchema));
  return issues.filter((issue) => issue.pull_request === undefined);
}

export function labelNames(issue: Pick<IssueData, 'labels'>): string[] {
  return issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean);
}

export { IdSchema };
