import type { LokiConfig } from '../../gates/config/schema.js';
import type { GitHubClient } from '../../github/client.js';
import { readLedger, recordEntry, writeLedger } from '../../github/follow-up-ledger.js';
import { replyToReviewComment } from '../../github/review-comments.js';
import type { BuildOutcome } from '../build-outcome.js';
import type { FollowUp } from '../job/schema.js';
import { readReplies } from './read-replies.js';

export interface AnswerFollowUpOptions {
  gh: GitHubClient;
  owner: string;
  repo: string;
  jobId: string;
  followUp: FollowUp;
  outcome: BuildOutcome;
  /** The workspace, where the agent left its replies. */
  workspace: string;
  config: LokiConfig;
  onWarning?: (message: string) => void;
}

/**
 * The end of a follow-up: when it is done, a reply in each review thread naming the commit and the
 * agent's one line on what changed (or why not); then the pull request's ledger, with the commit or
 * the reason for every thread and failure, and the spend. Best-effort: a failed reply is a warning.
 */
export async function answerFollowUp(o: AnswerFollowUpOptions): Promise<void> {
  const ref = { owner: o.owner, repo: o.repo };
  const f = o.followUp;
  const warn = (what: string, error: unknown) => o.onWarning?.(`could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
  const done = o.outcome.status === 'done' && o.outcome.headSha !== undefined;
  const commit = o.outcome.headSha ?? '';
  const short = commit.slice(0, 12);
  // No new commit: nothing was changed, whatever the agent's replies claim.
  const moved = done && commit !== f.head_sha;
  const replies = await readReplies(o.workspace, f.threads);
  const at = await readLedger(o.gh, ref, f.pr_number, () => 0).catch((error: unknown) => warn('read the pull request ledger', error));
  for (const t of f.threads) {
    const reply = replies.get(t.comment_id);
    const changed = moved && (reply?.changed ?? true);
    if (done) {
      const text = changed
        ? `Addressed in ${commit}: ${reply?.note || 'changed as asked (the agent left no note).'}`
        : `Not changed (the branch head is ${commit}): ${reply?.note || 'the agent left no reason.'}`;
      await replyToReviewComment(o.gh, ref, f.pr_number, t.comment_id, `${text}\n\n<sub>Loki follow-up \`${o.jobId}\`</sub>`).catch((error: unknown) => warn(`reply to review comment ${t.comment_id}`, error));
    }
    if (at) {
      const base = { kind: 'review' as const, key: `review:${t.comment_id}`, label: `review comment by @${t.author} on ${t.path}${t.line === null ? '' : `:${t.line}`}`, trigger: t.url };
      recordEntry(at.ledger, done ? { ...base, state: changed ? 'addressed' : 'left', commit, note: changed ? 'addressed; see the reply in the thread' : 'left unchanged; the reason is in the thread' } : { ...base, state: 'open', note: `not answered yet: the follow-up ended ${o.outcome.status}` });
    }
  }
  if (!at) return;
  for (const failure of f.failures) {
    const key = `ci:${f.ci_signature ?? 'unknown'}:${failure.name}`;
    recordEntry(at.ledger, { kind: 'ci', key, label: `check "${failure.name}" failed`, trigger: failure.url, ...(done ? { state: 'addressed', commit, note: 'fix pushed; CI runs again on it' } : { state: 'open', note: `not fixed: the follow-up ended ${o.outcome.status}` }) });
  }
  at.ledger.spent_usd = Math.round((at.ledger.spent_usd + o.outcome.costUsd) * 10_000) / 10_000;
  at.ledger.follow_ups += 1;
  const answered = `${f.threads.length} review comment${f.threads.length === 1 ? '' : 's'}${f.failures.length ? ` and ${f.failures.length} failing check${f.failures.length === 1 ? '' : 's'}` : ''}`;
  at.ledger.status = done
    ? `✅ Follow-up \`${o.jobId}\` answered ${answered} at \`${short}\`${moved ? ' (pushed to this branch)' : ' (no change was needed)'}.`
    : `⚠️ Follow-up \`${o.jobId}\` for ${answered} ended **${o.outcome.status}**: ${o.outcome.reason.slice(0, 600)}`;
  await writeLedger(o.gh, ref, f.pr_number, at, { budgetUsd: o.config.build.budget_usd, ciFixAttempts: o.config.build.ci_fix_attempts }).catch((error: unknown) => warn('update the pull request ledger', error));
}

/** The trigger links a follow-up's report names: what it answered. */
export function answeredTriggers(f: FollowUp): string {
  return f.triggers.map((t) => `[${t.kind} by @${t.by}](${t.url})`).join(', ');
}
