import { z } from 'zod';
import type { GitHubClient } from './client.js';
import type { RepoRef } from './repo-ref.js';
import { askAll, send, type Permission } from './request-failed.js';

const CHECKS_READ: Permission = 'checks: read';
const ACTIONS_READ: Permission = 'actions: read';

export const CommitCheckRunSchema = z.looseObject({
  id: z.number().int().positive(),
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullish(),
  html_url: z.string().nullish(),
  app: z.looseObject({ slug: z.string().nullish() }).nullish(),
  output: z.looseObject({ title: z.string().nullish(), summary: z.string().nullish(), text: z.string().nullish() }).nullish(),
});
export type CommitCheckRun = z.infer<typeof CommitCheckRunSchema>;

/** Every check run on a commit, whoever made it, all pages. */
export function listCommitCheckRuns(gh: GitHubClient, ref: RepoRef, sha: string): Promise<CommitCheckRun[]> {
  return askAll(gh, `list the check runs of ${sha.slice(0, 12)}`, 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ...ref, ref: sha, filter: 'latest' }, CommitCheckRunSchema, CHECKS_READ);
}

export const CheckAnnotationSchema = z.looseObject({
  path: z.string().nullish(),
  start_line: z.number().int().nullish(),
  annotation_level: z.string().nullish(),
  title: z.string().nullish(),
  message: z.string().nullish(),
});
export type CheckAnnotation = z.infer<typeof CheckAnnotationSchema>;

export function listAnnotations(gh: GitHubClient, ref: RepoRef, checkRunId: number): Promise<CheckAnnotation[]> {
  return askAll(gh, 'list the annotations of a check run', 'GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations', { ...ref, check_run_id: checkRunId }, CheckAnnotationSchema, CHECKS_READ);
}

/**
 * The plain-text log of a GitHub Actions job (GitHub answers with a redirect to the text, which
 * the client follows). At most `maxBytes` are kept, from the end.
 */
export async function readJobLog(gh: GitHubClient, ref: RepoRef, jobId: number, maxBytes = 2_000_000): Promise<string> {
  const { data } = await send(gh, `read the log of Actions job ${jobId}`, 'GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', { ...ref, job_id: jobId }, ACTIONS_READ);
  const text = typeof data === 'string' ? data : data instanceof ArrayBuffer ? Buffer.from(data).toString('utf8') : '';
  return text.length > maxBytes ? text.slice(text.length - maxBytes) : text;
}
