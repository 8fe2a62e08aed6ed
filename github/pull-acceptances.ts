import { z } from 'zod';
import { ACCEPT_USAGE, parseAcceptance, type Acceptance, type PullAcceptances } from '../gates/verify/accept-findings.js';
import type { GitHubClient } from './client.js';
import { collaboratorRole } from './permissions.js';
import type { RepoRef } from './repo-ref.js';
import { askAll } from './request-failed.js';

/** Roles that may accept a finding: the ones that could merge the change anyway. */
const ACCEPTING_ROLES: ReadonlySet<string> = new Set(['admin', 'maintain', 'write']);
export const mayAccept = (role: string): boolean => ACCEPTING_ROLES.has(role);
const ACCEPT_COMMAND = /^\/loki\s+accept(?:\s+|$)/i;

const CommentSchema = z.object({ body: z.string().nullish(), html_url: z.string().optional(), user: z.object({ login: z.string(), type: z.string() }).nullable() });
const CommitSchema = z.object({
  sha: z.string(),
  commit: z.object({ message: z.string(), verification: z.object({ verified: z.boolean() }).nullish() }),
  author: z.object({ login: z.string(), type: z.string() }).nullable(),
});

export interface PullOfAcceptances {
  number: number;
  /** The head is in another repository: its commits were not pushed by someone with write access here. */
  fromFork: boolean;
}

/**
 * What a pull request says about accepting findings, as GitHub knows it: `/loki accept` comments
 * (first line) by people with write access, and — for a fork — the commits whose `Loki-Accept:`
 * trailers count (signed, verified, by a person with write access). A branch of the repository
 * itself was pushed by someone with write access, so all its trailers count. When GitHub cannot be
 * read, nothing is accepted and the evidence says why: an acceptance is never guessed.
 */
export async function readPullAcceptances(gh: GitHubClient, ref: RepoRef, pull: PullOfAcceptances): Promise<PullAcceptances> {
  const roles = new Map<string, Promise<string>>();
  const roleOf = (login: string) => {
    if (!roles.has(login)) roles.set(login, collaboratorRole(gh, ref, login));
    return roles.get(login)!;
  };
  try {
    const comments = await askAll(gh, `read the comments of #${pull.number}`, 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...ref, issue_number: pull.number, per_page: 100 }, CommentSchema, 'issues: read');
    const out: PullAcceptances = { comments: [], refused: [] };
    for (const comment of comments) {
      const firstLine = (comment.body ?? '').split(/\r?\n/, 1)[0]!.trim();
      if (!ACCEPT_COMMAND.test(firstLine)) continue;
      const what = `${comment.user ? `@${comment.user.login}'s` : 'a'} \`${firstLine.slice(0, 120)}\``;
      const parsed = parseAcceptance(firstLine.replace(ACCEPT_COMMAND, ''), false);
      if (!parsed) {
        out.refused.push({ what, reason: `it does not name a finding's rule. Fix: write ${ACCEPT_USAGE}` });
        continue;
      }
      const role = comment.user?.type === 'User' ? await roleOf(comment.user.login) : 'none';
      if (!ACCEPTING_ROLES.has(role)) {
        out.refused.push({ what, reason: `accepting a finding needs write access, and the author has the \`${role}\` role` });
        continue;
      }
      out.comments.push({ ...parsed, by: `@${comment.user!.login} (${role})`, ...(comment.html_url ? { comment_url: comment.html_url } : {}) } satisfies Acceptance);
    }
    if (pull.fromFork) out.trusted_commits = await trustedForkCommits(gh, ref, pull.number, roleOf);
    return out;
  } catch (error) {
    return { comments: [], trusted_commits: [], refused: [{ what: 'every `/loki accept` comment and `Loki-Accept:` trailer', reason: `Loki could not read who wrote them from GitHub (${(error as Error).message.slice(0, 200)}). Fix: run the verification again` }] };
  }
}

/** A fork's commits with a `Loki-Accept:` trailer that are signed (verified) by a person with write access. */
async function trustedForkCommits(gh: GitHubClient, ref: RepoRef, number: number, roleOf: (login: string) => Promise<string>): Promise<string[]> {
  const commits = await askAll(gh, `read the commits of #${number}`, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/commits', { ...ref, pull_number: number, per_page: 100 }, CommitSchema, 'pull_requests: read');
  const trusted: string[] = [];
  for (const c of commits) {
    if (!/^loki-accept:/im.test(c.commit.message) || c.commit.verification?.verified !== true) continue;
    if (c.author?.type === 'User' && ACCEPTING_ROLES.has(await roleOf(c.author.login))) trusted.push(c.sha);
  }
  return trusted;
}
