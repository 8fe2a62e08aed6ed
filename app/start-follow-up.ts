import type { LokiConfig } from '../gates/config/schema.js';
import { CHECK_NAMES, createCheckRun } from '../github/check-run.js';
import { firstBuildCost, ledgerSpend, readLedger, recordEntry, writeLedger, type LedgerRef } from '../github/follow-up-ledger.js';
import { getIssue, labelNames, postComment } from '../github/issues.js';
import type { RepoRef } from '../github/repo-ref.js';
import { listReviewComments, openThreads } from '../github/review-comments.js';
import { JobSchema, type FollowUp, type FollowUpThread } from '../runner/job/schema.js';
import { fitFollowUp } from './fit-follow-up.js';
import { issueKey, type ActiveJob } from './active-jobs.js';
import { authorize } from './authorize.js';
import { claimJob } from './claim-job.js';
import { configOrReport } from './config-or-report.js';
import type { FollowUpRequest, FollowUpStart } from './follow-up-queue.js';
import { newJobId } from './job-id.js';
import { isLokiPull, readLokiPull, type LokiPull } from './loki-pull.js';
import { refOf } from './payload.js';
import { readCiFailures, type CiFailures } from './read-ci-failures.js';
import { reportProblem } from './report-problem.js';
import type { AppServices, InstallationClient } from './services.js';
import { setUpJob } from './set-up-job.js';
import { buildJob } from './start-build.js';

/**
 * Starts one follow-up build for the requests of one Loki pull request that arrived together: the
 * review threads still open (from people with write access) and the failing external CI go into
 * the prompt, the budget left of the pull request's life caps it, and the ledger says it is queued.
 * `busy` while a job of the issue runs (the queue tries again), `nothing` when there is nothing to do.
 */
export async function startFollowUp(services: AppServices, requests: FollowUpRequest[]): Promise<FollowUpStart> {
  const first = requests[0];
  if (!first) return 'nothing';
  const gh = await services.installationClient(first.installationId);
  const ref = refOf(first.repository);
  try {
    return await acceptFollowUp(gh, services, ref, requests);
  } catch (error) {
    await reportProblem(gh, services, { ref, number: first.issueNumber }, `start the follow-up of pull request #${first.pullNumber}`, error);
    return 'nothing';
  }
}

async function acceptFollowUp(gh: InstallationClient, services: AppServices, ref: RepoRef, requests: FollowUpRequest[]): Promise<FollowUpStart> {
  const first = requests[0] as FollowUpRequest;
  const { pullNumber, issueNumber } = first;
  const pull = await readLokiPull(gh, ref, pullNumber);
  const botLogin = await services.botLogin();
  if (!isLokiPull(pull, botLogin) || pull.state === 'closed') return 'nothing';
  if (services.active.get(issueKey(ref, issueNumber))) return 'busy';
  const config = await configOrReport(gh, services, ref, issueNumber);
  if (!config) return 'nothing';
  const at = await readLedger(gh, ref, pullNumber, () => firstBuildCost(pull.body));
  const limits = { budgetUsd: config.build.budget_usd, ciFixAttempts: config.build.ci_fix_attempts };

  const wantsReview = requests.some((r) => r.trigger.kind !== 'ci');
  const reviews = requests.flatMap((r) => (r.review && r.review.body.trim() ? [{ ...r.review, body: r.review.body.slice(0, 4_000) }] : []));
  const ci = requests.some((r) => r.trigger.kind === 'ci' && r.headSha === pull.head.sha) ? await ciRepair(gh, services, ref, pull, at, config) : undefined;
  const { threads, failures } = fitFollowUp(wantsReview ? await reviewThreads(gh, ref, pull, botLogin, config) : [], ci?.failures ?? []);
  if (!threads.length && !reviews.length && !failures.length) {
    services.log.info({ repo: `${ref.owner}/${ref.repo}`, pull: pullNumber }, 'follow-up requested, but no open review thread or CI failure to answer');
    return 'nothing';
  }

  const remaining = Math.round((config.build.budget_usd - ledgerSpend(at.ledger)) * 100) / 100;
  if (remaining <= 0) {
    at.ledger.status = `⛔ No follow-up started: this pull request has used its budget ($${ledgerSpend(at.ledger).toFixed(2)} of \`build.budget_usd\` $${config.build.budget_usd.toFixed(2)}, counted across its whole life). Raise \`build.budget_usd\` in .github/loki.yml to go on.`;
    await writeLedger(gh, ref, pullNumber, at, limits, services.throttle);
    return 'nothing';
  }

  const jobId = newJobId('build', ref, issueNumber);
  const active: ActiveJob = { key: issueKey(ref, issueNumber), jobId, kind: 'build', installationId: first.installationId, ref, number: issueNumber };
  const claim = await claimJob(services, active);
  if (!claim.claimed) return claim.busyHere ? 'busy' : 'nothing';
  try {
    await setUpJob(services, active, async () => {
      const issue = await getIssue(gh, ref, issueNumber);
      active.checkRunId = await createCheckRun(gh, { ...ref, name: CHECK_NAMES.build, headSha: pull.head.sha, externalId: jobId, status: 'queued', title: `Follow-up on #${pullNumber}`, summary: `Queued: a follow-up of pull request #${pullNumber} (${describe(threads.length, reviews.length, failures.length)}).` });
      if (ci) {
        at.ledger.ci_attempts += 1;
        at.ledger.ci_signatures.push(ci.signature);
      }
      for (const t of threads) recordEntry(at.ledger, { kind: 'review', key: `review:${t.comment_id}`, label: `review comment by @${t.author} on ${t.path}${t.line === null ? '' : `:${t.line}`}`, trigger: t.url, state: 'open', note: `being answered by \`${jobId}\`` });
      for (const f of failures) recordEntry(at.ledger, { kind: 'ci', key: `ci:${ci?.signature ?? 'unknown'}:${f.name}`, label: `check "${f.name}" failed`, trigger: f.url, state: 'open', note: `fix attempt ${at.ledger.ci_attempts} of ${config.build.ci_fix_attempts} by \`${jobId}\`` });
      at.ledger.status = `⏳ Follow-up \`${jobId}\` queued: ${describe(threads.length, reviews.length, failures.length)}, on \`${pull.head.ref}\`.`;
      const ledgerId = await writeLedger(gh, ref, pullNumber, at, limits, services.throttle);
      const followUp: FollowUp = {
        pr_number: pullNumber, head_sha: pull.head.sha,
        triggers: requests.map((r) => r.trigger), threads, reviews, failures,
        ...(ci ? { ci_signature: ci.signature } : {}), ledger_comment_id: ledgerId,
      };
      const base = buildJob(services, config, { installationId: first.installationId, repository: first.repository, issue: { number: issue.number, title: issue.title, body: issue.body, labels: labelNames(issue).map((name) => ({ name })) }, actor: { login: first.trigger.by, type: 'User' } }, jobId, active);
      const job = JobSchema.parse({ ...base, status_comment_id: undefined, budgets: { ...base.budgets, budget_usd: remaining }, follow_up: followUp });
      return { job, installationId: first.installationId, repositoryId: first.repository.id, tokenless: false };
    });
  } catch (error) {
    services.active.release(active.key);
    await reportProblem(gh, services, active, `start the follow-up of pull request #${pullNumber}`, error);
  }
  return 'started';
}

function describe(threads: number, reviews: number, failures: number): string {
  const parts = [
    threads ? `${threads} review comment${threads === 1 ? '' : 's'}` : '',
    reviews ? `${reviews} review${reviews === 1 ? '' : 's'}` : '',
    failures ? `${failures} failing check${failures === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return `answering ${parts.join(', ')}`;
}

/**
 * The open review threads whose first comment is by someone Loki acts for (the same rule as for
 * triggers); in each, the comments of such people only. A read-only user's comment never reaches the agent.
 */
async function reviewThreads(gh: InstallationClient, ref: RepoRef, pull: LokiPull, botLogin: string, config: LokiConfig): Promise<FollowUpThread[]> {
  const allowed = new Map<string, Promise<boolean>>();
  const may = (login: string, type: string) => {
    const key = login.toLowerCase();
    if (!allowed.has(key)) allowed.set(key, authorize(gh, ref, { login, type }, config).then((d) => d.allowed));
    return allowed.get(key) as Promise<boolean>;
  };
  const threads: FollowUpThread[] = [];
  for (const thread of openThreads(await listReviewComments(gh, ref, pull.number), botLogin)) {
    const root = thread.root;
    if (!root.user || !(await may(root.user.login, root.user.type ?? 'User'))) continue;
    const said: string[] = [];
    for (const c of thread.comments) {
      if (c.user && c.user.login.toLowerCase() !== botLogin.toLowerCase() && (await may(c.user.login, c.user.type ?? 'User'))) said.push(`@${c.user.login}: ${c.body ?? ''}`);
    }
    threads.push({ comment_id: root.id, author: root.user.login, body: said.join('\n\n'), path: root.path, line: root.line ?? root.original_line ?? null, diff_hunk: root.diff_hunk ?? '', url: root.html_url ?? '' });
  }
  return threads;
}

/**
 * CI repair, bounded: the failing external checks of the head, unless the same failure came back
 * after an attempt or the attempts are used up; then Loki says so once on the pull request (in
 * the ledger) and is silent after.
 */
async function ciRepair(gh: InstallationClient, services: AppServices, ref: RepoRef, pull: LokiPull, at: LedgerRef, config: LokiConfig): Promise<CiFailures | undefined> {
  if (at.ledger.ci_stopped) return undefined;
  const found = await readCiFailures(gh, ref, pull.head.sha, await services.botLogin());
  if (!found.failures.length) return undefined;
  const limits = { budgetUsd: config.build.budget_usd, ciFixAttempts: config.build.ci_fix_attempts };
  const why = at.ledger.ci_signatures.includes(found.signature)
    ? `the same failure (${found.failures.map((f) => `"${f.name}"`).join(', ')}, signature \`${found.signature}\`) came back after a fix attempt`
    : at.ledger.ci_attempts >= config.build.ci_fix_attempts
      ? `the ${config.build.ci_fix_attempts} fix attempt${config.build.ci_fix_attempts === 1 ? '' : 's'} allowed by \`build.ci_fix_attempts\` are used up`
      : undefined;
  if (!why) return found;
  at.ledger.ci_stopped = why;
  for (const f of found.failures) recordEntry(at.ledger, { kind: 'ci', key: `ci:${found.signature}:${f.name}`, label: `check "${f.name}" failed`, trigger: f.url, state: 'stopped', note: 'left: CI repair stopped' });
  at.ledger.status = `⛔ Loki stopped repairing CI on this pull request: ${why}. It will not try again on its own; a person should look at the failure.`;
  await writeLedger(gh, ref, pull.number, at, limits, services.throttle);
  await postComment(gh, ref, pull.number, `⛔ Loki stopped repairing CI here: ${why}. It will not try again on this pull request; the failing checks need a person. The ledger in Loki's status comment lists what was tried.`);
  return undefined;
}
