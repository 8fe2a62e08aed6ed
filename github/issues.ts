import { z } from 'zod';
import { httpStatusOf, type GitHubClient } from './client.js';
import type { RepoRef } from './repo-ref.js';
import { ask, askAll, type Permission } from './request-failed.js';

const ISSUES: Permission = 'issues: write';
const IdSchema = z.looseObject({ id: z.number().int().positive() });

export function addReaction(gh: GitHubClient, ref: RepoRef, issueNumber: number, content: 'eyes' | 'rocket' | '+1'): Promise<unknown> {
  return ask(gh, 'add a reaction', 'POST /repos/{owner}/{repo}/issues/{issue_number}/reactions', { ...ref, issue_number: issueNumber, content }, z.unknown(), ISSUES);
}

export async function postComment(gh: GitHubClient, ref: RepoRef, issueNumber: number, body: string): Promise<number> {
  const { id } = await ask(gh, 'post a comment', 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...ref, issue_number: issueNumber, body }, IdSchema, ISSUES);
  return id;
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
  return ask(gh, `read issue #${issueNumber}`, 'GET /repos/{owner}/{repo}/issues/{issue_number}', { ...ref, issue_number: issueNumber }, IssueSchema);
}

/** Every open issue carrying a label, all pages (pull requests excluded). */
export async function listLabelledIssues(gh: GitHubClient, ref: RepoRef, label: string): Promise<IssueData[]> {
  const issues = await askAll(gh, `list the issues labelled ${label}`, 'GET /repos/{owner}/{repo}/issues', { ...ref, labels: label, state: 'open' }, IssueSchema);
  return issues.filter((issue) => issue.pull_request === undefined);
}

export function labelNames(issue: Pick<IssueData, 'labels'>): string[] {
  return issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean);
}

/**
 * Creates a label unless the repository has it: `created`, or `exists` when GitHub answers 422
 * already_exists. Any other failure is thrown with the permission it needs.
 */
export async function ensureLabel(gh: GitHubClient, ref: RepoRef, label: { name: string; color: string; description: string }): Promise<'created' | 'exists'> {
  try {
    await ask(gh, `create the label ${label.name}`, 'POST /repos/{owner}/{repo}/labels', { ...ref, ...label }, z.unknown(), ISSUES);
    return 'created';
  } catch (error) {
    if (httpStatusOf(error) === 422) return 'exists';
    throw error;
  }
}
