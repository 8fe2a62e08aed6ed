import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigAt } from '../gates/config/load-config.js';
import type { LokiConfig } from '../gates/config/schema.js';
import { LokiError, toLokiError } from '../gates/core/errors.js';
import { writeEvidence } from '../gates/evidence/write-evidence.js';
import { withSandboxScope } from '../gates/sandbox/scope.js';
import { activeSandbox, unsandboxedFallbackAllowed } from '../gates/sandbox/wrap.js';
import { STATUS_EXIT_CODES, type BuildOutcome, type BuildProgress } from './build-outcome.js';
import { captureRunnerToken } from './token/capture-runner-token.js';
import { cancelCheckRun, failCheckRun } from '../github/check-run.js';
import { openOrUpdatePullRequest } from '../github/open-pull-request.js';
import { pushBranch } from './workspace/push-branch.js';
import { renderPullRequest } from '../github/render-pull-request.js';
import { createGitHubClient, type GitHubClient } from '../github/client.js';
import { createBuildReporter, type BuildReporter } from './report/report-build.js';
import type { Job } from './job/schema.js';
import { runLoop, type LoopResult } from './loop/run-loop.js';
import { runWithFailover } from './providers/run-with-failover.js';
import { chooseReviewer } from './review/choose-reviewer.js';
import type { RunAgent } from './review/run-review.js';
import { checkCommittedLock, lockJobSpec, recheckJobSpec } from './grill/guard-spec-drift.js';
import { fetchIssueSpec } from './job/fetch-issue-spec.js';
import { answeredTriggers, answerFollowUp } from './follow-up/answer-follow-up.js';
import { runVerifyJob } from './run-verify-job.js';
import { defaultSecretScanner } from './safety/default-secret-scanner.js';
import { sanitiseUntrustedText } from './safety/sanitise-text.js';
import type { AddedLinesScanner } from './safety/scan-staged-secrets.js';
import { guardGitConfig } from './workspace/guard-git-config.js';
import { prepareWorkspace, releaseCheckout, type Workspace } from './workspace/prepare-workspace.js';

export interface RunJobOptions {
  signal?: AbortSignal;
  /** Parent folder for the clone; for an in-place build, the checkout itself (default: the cwd). */
  workdir?: string;
  onProgress?: (p: BuildProgress) => void;
  /** The config to use instead of the repository's `.github/loki.yml` at the base commit. */
  config?: LokiConfig;
  /** Build in an existing checkout (`loki build`) instead of cloning `job.repo`. */
  inPlace?: boolean;
  /** Reads the runner's GitHub token; default: LOKI_GITHUB_TOKEN_FILE / LOKI_GITHUB_TOKEN, taken out of process.env. */
  token?: () => string | undefined;
  /** Where evidence.json, report.md and results.sarif go (default: `.loki/build` in the checkout, or next to the clone). */
  outDir?: string;
  /** The agent call (default: the job's provider order with failover). */
  runAgent?: RunAgent;
  /** The pre-commit secret scan (default: Loki's scanner). */
  scan?: AddedLinesScanner;
  /** Reporting problems that do not stop the build (GitHub API hiccups). */
  onWarning?: (message: string) => void;
  /**
   * Unfinished checkpoints are pushed at most this often (default 10 minutes), so a runner killed
   * from outside (a host timeout, a crash) loses little and the next run resumes from the branch.
   * Not more often: every push may start the repository's CI.
   */
  wipPushIntervalMs?: number;
}

/** Runs a dispatched job to its end. Never throws: every failure is an outcome with a reason and a fix. */
export async function runJob(job: Job, options: RunJobOptions = {}): Promise<BuildOutcome> {
  const token = options.token ?? captureRunnerToken();
  try {
    await requireSandbox();
    if (job.kind === 'verify') return await runVerifyJob(job, { ...options, token });
    return await runBuildJob(job, { ...options, token });
  } catch (error) {
    const failure = toLokiError(error);
    await reportCrash(job, token, failure, options.onWarning);
    return { status: 'error', exitCode: 3, reason: failure.describe(), costUsd: 0, iterations: 0 };
  }
}

/**
 * A dispatched job runs untrusted code: without a sandbox (and without an explicit LOKI_SANDBOX=none)
 * it runs none of it, and its check run says why and how to fix it. `loki build` on your own
 * checkout may have allowed the unsandboxed fallback (then this passes, with its warning).
 */
async function requireSandbox(): Promise<void> {
  const choice = await activeSandbox();
  if (!choice.ok && !unsandboxedFallbackAllowed()) throw new LokiError('USAGE', `Loki runs no repository code here: ${choice.reason}`, { fix: choice.fix });
}

/** A job that failed before its reporter existed (bad clone, bad config) still ends its check run and says why. */
async function reportCrash(job: Job, token: () => string | undefined, failure: LokiError, onWarning?: (m: string) => void): Promise<void> {
  if (!job.repo || !job.check_run_id || !safeToken(token)) return;
  const gh = createGitHubClient({ token, baseUrl: job.repo.api_url });
  await failCheckRun(gh, { owner: job.repo.owner, repo: job.repo.name, checkRunId: job.check_run_id, reason: failure.message, fix: failure.fix ?? 'see the runner log, then re-run' })
    .catch((e: unknown) => onWarning?.(`could not complete the check run: ${(e as Error).message}`));
}

function safeToken(token: () => string | undefined): string | undefined {
  try {
    return token();
  } catch {
    return undefined;
  }
}

type Resolved = RunJobOptions & { token: () => string | undefined };

async function runBuildJob(job: Job, options: Resolved): Promise<BuildOutcome> {
  if (!job.spec) throw new LokiError('JOB_INVALID', 'a build job needs a spec', { fix: 'add `spec` (source, ref, text) to the job' });
  const started = Date.now();
  const ownTemp = !options.inPlace && !options.workdir ? await mkdtemp(join(tmpdir(), 'loki-job-')) : undefined;
  const ws = await prepareWorkspace({ job, inPlace: options.inPlace ?? false, token: options.token, ...(ownTemp ?? options.workdir ? { workdir: ownTemp ?? options.workdir } : {}) });
  const specLock = lockJobSpec(job.spec);
  try {
    if (options.signal?.aborted) return await cancelledBeforeStart(job, options);
    // The config as of the base commit: what the repository's owners set, not what the agent wrote.
    const config = options.config ?? (await loadConfigAt(ws.dir, ws.baseSha));
    const guard = await guardGitConfig(ws.dir);
    const gh = job.repo && options.token() ? createGitHubClient({ token: options.token, baseUrl: job.repo.api_url }) : undefined;
    const reporter = gh && job.repo
      ? createBuildReporter({
          gh, owner: job.repo.owner, repo: job.repo.name, jobId: job.job_id, branch: ws.branch,
          ...(job.check_run_id ? { checkRunId: job.check_run_id } : {}),
          // A follow-up's sticky comment is its pull request's ledger, which answerFollowUp writes.
          ...(job.issue_number && !job.follow_up ? { issueNumber: job.issue_number } : {}),
          ...(job.status_comment_id && !job.follow_up ? { statusCommentId: job.status_comment_id } : {}),
          ...(job.follow_up ? { checkRunHeadSha: job.follow_up.head_sha } : {}),
          ...(options.onWarning ? { onWarning: options.onWarning } : {}),
        })
      : undefined;
    const caps = {
      maxIterations: job.budgets.max_iterations ?? config.build.max_iterations,
      maxMinutes: job.budgets.max_minutes ?? config.build.max_minutes,
      budgetUsd: job.budgets.budget_usd ?? config.build.budget_usd,
    };
    const order = job.provider_order;
    const pushTarget = job.no_push ? undefined : ws.pushTarget;
    // A restart's first push replaces the old branch (leased on the head it started over from); later ones fast-forward.
    let replaces = ws.restarted?.remoteHead;
    const push = async (sha: string) => {
      if (!pushTarget) return;
      await pushBranch({ cwd: ws.dir, branch: ws.branch, sha, target: pushTarget, token: options.token(), guard, ...(replaces ? { replaces } : {}) });
      replaces = undefined;
    };
    let lastWipPush = Date.now();
    const saveWip = async (sha: string) => {
      if (!pushTarget || Date.now() - lastWipPush < (options.wipPushIntervalMs ?? 10 * 60_000)) return;
      lastWipPush = Date.now();
      await push(sha).catch((e: unknown) => options.onWarning?.(`could not push the work in progress: ${toLokiError(e).message}`));
    };
    const jobSpec = job.spec;
    // A file spec's path is relative to where `loki build` was run; issue locks live in the checkout.
    const lockRoot = jobSpec.source === 'file' && options.inPlace ? process.cwd() : ws.dir;
    // The agent and every project command of the build share one private HOME and the base's network policy.
    const spec = { title: sanitiseUntrustedText(job.spec.title).text, text: sanitiseUntrustedText(job.spec.text).text };
    const loop = await withSandboxScope({ network: config.sandbox.network }, () => runLoop({
      job, config, ws, caps, spec,
      runAgent: options.runAgent ?? ((request) => runWithFailover(order, config, request)),
      // An injected agent (tests, embedders) answers reviews too; otherwise the configured reviewer.
      ...(options.runAgent ? {} : { reviewer: chooseReviewer(config, order) }),
      scan: options.scan ?? defaultSecretScanner(config, ws.baseSha),
      ...(options.signal ? { signal: options.signal } : {}),
      onCheckpoint: saveWip,
      checkBeforeAgent: () => checkCommittedLock(jobSpec, lockRoot),
      onProgress: (p, milestone) => {
        options.onProgress?.(p);
        void reporter?.progress(p, milestone);
      },
    }));
    const specChanged = async (): Promise<string | undefined> => {
      if (!gh || !job.repo || !job.issue_number || job.spec?.source !== 'issue') return undefined;
      try {
        const check = recheckJobSpec(specLock, await fetchIssueSpec(gh, job.repo.owner, job.repo.name, job.issue_number));
        return check.drifted ? check.reason : undefined;
      } catch (error) {
        // Verified work is not thrown away over an API hiccup; the warning says the check did not run.
        options.onWarning?.(`could not re-read the issue to check the spec is unchanged: ${toLokiError(error).message}`);
        return undefined;
      }
    };
    const outcome = await deliver(job, ws, loop, { ...options, gh, reporter, pushTarget, push, caps, started, specChanged });
    if (job.follow_up) {
      outcome.reason += ` This follow-up of pull request #${job.follow_up.pr_number} answers ${answeredTriggers(job.follow_up)}.`;
      if (gh && job.repo) await answerFollowUp({ gh, owner: job.repo.owner, repo: job.repo.name, jobId: job.job_id, followUp: job.follow_up, outcome, workspace: ws.dir, config, ...(options.onWarning ? { onWarning: options.onWarning } : {}) });
    }
    if (options.inPlace && outcome.headSha && (await releaseCheckout(ws, outcome.headSha))) delete outcome.branch;
    options.onProgress?.({ phase: 'finished', iteration: outcome.iterations, maxIterations: caps.maxIterations, costUsd: outcome.costUsd, budgetUsd: caps.budgetUsd, elapsedMs: Date.now() - started, message: outcome.reason, ...(outcome.evidence ? { verdict: outcome.evidence.verdict } : {}) });
    await reporter?.finish(outcome, outcome.evidence);
    return outcome;
  } finally {
    if (ownTemp) await rm(ws.dir, { recursive: true, force: true });
  }
}

/** Cancelled while the workspace was being prepared: the check run ends cancelled, the agent is never called. */
async function cancelledBeforeStart(job: Job, options: Resolved): Promise<BuildOutcome> {
  const outcome: BuildOutcome = { status: 'cancelled', exitCode: STATUS_EXIT_CODES.cancelled, reason: 'the build was cancelled before the agent started. Nothing was pushed.', costUsd: 0, iterations: 0, pushed: false };
  const gh = job.repo && options.token() ? createGitHubClient({ token: options.token, baseUrl: job.repo.api_url }) : undefined;
  if (gh && job.repo && job.check_run_id) {
    await cancelCheckRun(gh, { owner: job.repo.owner, repo: job.repo.name, checkRunId: job.check_run_id, reason: outcome.reason })
      .catch((e: unknown) => options.onWarning?.(`could not complete the check run: ${(e as Error).message}`));
  }
  return outcome;
}

interface Delivery extends Resolved {
  gh: GitHubClient | undefined;
  reporter: BuildReporter | undefined;
  pushTarget: string | undefined;
  push: (sha: string) => Promise<void>;
  caps: { maxIterations: number; budgetUsd: number };
  started: number;
  /** Why the spec no longer matches the one the build started from, if it changed mid-run. */
  specChanged: () => Promise<string | undefined>;
}

/** Turns the loop's result into the outcome: evidence written, branch pushed, PR opened or updated. */
async function deliver(job: Job, ws: Workspace, loop: LoopResult, d: Delivery): Promise<BuildOutcome> {
  let status = loop.status;
  let reason = loop.reason;
  // An empty diff against the base is judged by the result, not by the run's history: a resumed
  // branch that holds nothing is refused exactly as a fresh run that wrote nothing.
  if ((status === 'capped' || status === 'stuck') && loop.emptyDiff) {
    status = 'refused';
    reason = `the agent produced no change: an empty diff is never done (${reason})`;
  } else if ((status === 'capped' || status === 'stuck') && cheated(loop.evidence)) {
    status = 'blocked';
    reason = `blocked: ${loop.evidence?.summary} (${reason})`;
  }
  if (status === 'done') {
    const drift = await d.specChanged();
    if (drift) {
      status = 'refused';
      reason = drift;
    }
  }
  if (loop.protectedReverted.length) reason += ` Protected paths the agent changed were reverted: ${[...new Set(loop.protectedReverted.map((c) => c.path))].join(', ')}.`;
  // Stop means stop: nothing is pushed and no pull request is opened after a cancel.
  if (status === 'cancelled') reason += d.inPlace && loop.changed ? ` Nothing was pushed; the work so far is committed on ${ws.branch}.` : ' Nothing was pushed.';
  const outcome: BuildOutcome = {
    status, exitCode: STATUS_EXIT_CODES[status], reason, branch: ws.branch, headSha: loop.headSha,
    costUsd: round(loop.costUsd), iterations: loop.iterations, pushed: false,
    ...(loop.evidence ? { evidence: loop.evidence } : {}),
  };
  if (loop.evidence) {
    const outDir = d.outDir ?? (d.inPlace ? join(ws.lokiDir, 'build') : join(ws.dir, '..', 'evidence'));
    outcome.evidencePath = (await writeEvidence(loop.evidence, outDir)).evidencePath;
  }
  // A secret never leaves the machine; nothing else to push when the branch did not move or the build was cancelled.
  if (!d.pushTarget || loop.secretHits || loop.headSha === ws.baseSha || status === 'cancelled') return outcome;
  if (status === 'done' && loop.evidence?.subject.head_sha !== loop.headSha) {
    return fail(outcome, 'internal error: the verified commit is not the branch head; nothing was pushed');
  }
  try {
    d.onProgress?.({ phase: 'push', iteration: loop.iterations, maxIterations: d.caps.maxIterations, costUsd: loop.costUsd, budgetUsd: d.caps.budgetUsd, elapsedMs: Date.now() - d.started, message: `pushing ${ws.branch}` });
    await d.push(loop.headSha);
    outcome.pushed = true;
  } catch (error) {
    return fail(outcome, toLokiError(error).describe());
  }
  if (status === 'done' && !d.gh && job.repo) outcome.reason += ' No pull request was opened: there is no GitHub token (set LOKI_GITHUB_TOKEN_FILE, LOKI_GITHUB_TOKEN or, for loki build, GITHUB_TOKEN).';
  if (status === 'done' && d.gh && job.repo && loop.evidence) {
    try {
      const text = renderPullRequest({ specTitle: job.spec?.title || job.spec?.ref || 'Loki build', ...(job.issue_number ? { issueNumber: job.issue_number } : {}), evidence: loop.evidence, iterations: loop.iterations, costUsd: loop.costUsd });
      const pr = await openOrUpdatePullRequest(d.gh, { owner: job.repo.owner, repo: job.repo.name, head: ws.branch, base: job.base_ref, ...text });
      outcome.prNumber = pr.number;
      outcome.prUrl = pr.url;
      outcome.reason += ` Pull request: ${pr.url}`;
    } catch (error) {
      return fail(outcome, `${toLokiError(error).describe()} (the branch ${ws.branch} is pushed)`);
    }
  }
  return outcome;
}

/**
 * Unfinished work is "blocked" (exit 2) rather than merely stopped (exit 1) when what stands in
 * the way is not unfinished work but a rule broken: weakened tests or a secret.
 */
function cheated(evidence: LoopResult['evidence']): boolean {
  return (evidence?.findings ?? []).some((f) => f.blocking && (f.gate === 'integrity' || f.gate === 'secrets'));
}

/** Verified work that could not be delivered is not done: an error, with the reason. */
function fail(outcome: BuildOutcome, reason: string): BuildOutcome {
  if (outcome.status !== 'done') return { ...outcome, reason: `${outcome.reason} Also: ${reason}` };
  return { ...outcome, status: 'error', exitCode: 3, reason };
}

function round(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}
