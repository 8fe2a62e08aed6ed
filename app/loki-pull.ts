import { z } from 'zod';
import type { GitHubClient } from '../github/client.js';
import type { RepoRef } from '../github/repo-ref.js';
import { ask } from '../github/request-failed.js';
import { ActorSchema } from './payload.js';

/** The parts of a pull request that say whether it is one of Loki's own. */
export const LokiPullSchema = z.object({
  number: z.number().int().positive(),
  head: z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/), ref: z.string(), repo: z.object({ full_name: z.string() }).nullish() }),
  base: z.object({ ref: z.string(), repo: z.object({ full_name: z.string() }) }),
  user: ActorSchema.nullish(),
  body: z.string().nullish(),
  state: z.string().optional(),
});
export type LokiPull = z.infer<typeof LokiPullSchema>;

const BRANCH = /^loki\/issue-([1-9]\d*)$/;

/**
 * The issue a pull request builds, when its head is a `loki/issue-N` branch of the same repository
 * (a fork can name its branch so too, and is not Loki's). Whether the App opened it is `openedBy`.
 */
export function lokiIssueOf(pull: Pick<LokiPull, 'head' | 'base'>): number | undefined {
  const match = BRANCH.exec(pull.head.ref);
  if (!match || pull.head.repo?.full_name.toLowerCase() !== pull.base.repo.full_name.toLowerCase()) return undefined;
  return Number(match[1]);
}

/** A Loki pull request: a `loki/issue-N` head in the repository, opened by the App itself. */
export function isLokiPull(pull: LokiPull, botLogin: string): boolean {
  return lokiIssueOf(pull) !== undefined && pull.user?.type === 'Bot' && pull.user.login.toLowerCase() === botLogin.toLowerCase();
}

export function readLokiPull(gh: GitHubClient, ref: RepoRef, number: number): Promise<LokiPull> {
  return ask(gh, `read pull request #${number}`, 'GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...ref, pull_number: number }, LokiPullSchema, 'pull_requests: read');
}
