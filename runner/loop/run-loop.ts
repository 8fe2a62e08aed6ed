import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GateId, LokiConfig } from '../../gates/config/schema.js';
import type { Evidence, GateStatus } from '../../gates/evidence/schema.js';
import { git } from '../../gates/git/git.js';
import { declaredChangeKind } from '../../gates/spec/declared-change-kind.js';
import type { ProvingTestPolicy } from '../../gates/verify/gate.js';
import { DEFAULT_GATE_IDS } from '../../gates/verify/registry.js';
import { runVerify } from '../../gates/verify/run-verify.js';
import type { BuildPhase, BuildProgress, BuildStatus } from '../build-outcome.js';
import type { Job } from '../job/schema.js';
import type { AgentResult } from '../providers/provider.js';
import type { Reviewer } from '../review/choose-reviewer.js';
import { createReviewGate } from '../review/review-gate.js';
import type { RunAgent } from '../review/run-review.js';
import type { ProtectedChange } from '../safety/revert-protected-paths.js';
import type { AddedLinesScanner, SecretHit } from '../safety/scan-staged-secrets.js';
import { commitPrefix, type Workspace } from '../workspace/prepare-workspace.js';
import { buildCommitMessage } from './commit-message.js';
import { buildPrompt } from './build-prompt.js';
import { followUpPrompt } from '../follow-up/follow-up-prompt.js';
import { readReplies } from '../follow-up/read-replies.js';
import { checkpoint } from './checkpoint.js';
import { decideStop } from './decide-stop.js';
import { describeFailures, failureSignature } from './describe-failures.js';
import { costOf } from './estimate-cost.js';
import { mapRepository } from './map-repo.js';

export interface LoopCaps {
  maxIterations: number;
  maxMinutes: number;
  budgetUsd: number;
}

export interface LoopOptions {
  job: Job;
  config: LokiConfig;
  ws: Workspace;
  /** The sanitised spec. */
  spec: { title: string; text: string };
  runAgent: RunAgent;
  /** Who reviews (default: the build's runAgent). */
  reviewer?: Reviewer;
  scan: AddedLinesScanner;
  caps: LoopCaps;
  signal?: AbortSignal;
  onProgress?: (p: BuildProgress, milestone: boolean) => void;
  /** After a checkpoint that did not finish the job: a chance to save it remotely (work-in-progress push). */
  onCheckpoint?: (sha: string) => Promise<void>;
  /** Checks that need no agent (the spec against its committed lock): a reason stops the build before the first agent call. */
  checkBeforeAgent?: () => Promise<string | undefined>;
}

export interface LoopResult {
  status: BuildStatus;
  reason: string;
  evidence?: Evidence;
  /** HEAD of the build branch when the loop stopped (always a commit the loop made or started from). */
  headSha: string;
  iterations: number;
  costUsd: number;
  /** Set when a secret was caught: nothing may be pushed. */
  secretHits?: SecretHit[];
  protectedReverted: ProtectedChange[];
  /** True when the branch differs from the run-start commit. */
  changed: boolean;
  /** The head's tree is the base's: nothing to deliver, however many commits the branch has. */
  emptyDiff: boolean;
}

export const SPEC_FILE = '.loki/spec.md';
export const PROGRESS_FILE = '.loki/progress.md';

/**
 * Reason → Act → Reflect → Verify until the gates say VERIFIED (done), a cap is reached, the
 * same failure repeats (stuck), or something makes going on pointless (secret, missing agent).
 */
export async function runLoop(o: LoopOptions): Promise<LoopResult> {
  const started = Date.now();
  const { ws, config, caps } = o;
  const state = { iteration: 0, costUsd: 0, phase: 'prepare' as BuildPhase, gates: [] as { id: GateId; status: GateStatus }[] };
  const protectedReverted: ProtectedChange[] = [];
  const signatures: string[] = [];
  let evidence: Evidence | undefined;
  let verifiedHead: string | undefined;
  let lastFailures: string | undefined;
  /** The agent's own failure in the last iteration (a crash, a non-zero exit), for the stop reason. */
  let agentNote = '';

  const progress = (phase: BuildPhase, message: string, milestone = false, verdict?: Evidence['verdict']) => {
    state.phase = phase;
    o.onProgress?.({ phase, iteration: state.iteration, maxIterations: caps.maxIterations, costUsd: state.costUsd, budgetUsd: caps.budgetUsd, elapsedMs: Date.now() - started, message, gates: [...state.gates], ...(verdict ? { verdict } : {}) }, milestone);
  };
  // "Changed" compares trees, not commits: work committed and then undone is no change.
  const changedSinceStart = async (sha: string) => sha !== ws.runStartSha && (await treeOf(ws.dir, sha)) !== (await treeOf(ws.dir, ws.runStartSha));
  const stop = async (status: BuildStatus, reason: string, extra: Partial<LoopResult> = {}): Promise<LoopResult> => {
    // One git call: the head, and the trees that say whether it changed since the start and differs from the base.
    const [headSha = '', headTree, startTree, baseTree] = (await git(ws.dir, ['rev-parse', 'HEAD', 'HEAD^{tree}', `${ws.runStartSha}^{tree}`, `${ws.baseSha}^{tree}`])).trim().split('\n');
    const changed = headSha !== ws.runStartSha && headTree !== startTree;
    return { status, reason, ...(evidence ? { evidence } : {}), headSha, iterations: state.iteration, costUsd: state.costUsd, protectedReverted, changed, emptyDiff: headTree === baseTree, ...extra };
  };

  await writeFile(join(ws.dir, SPEC_FILE), `# ${o.spec.title || 'Specification'}\n\n${o.spec.text}\n`);
  const progressPath = join(ws.dir, PROGRESS_FILE);
  await writeFile(progressPath, '', { flag: 'a' });
  const reviewGate = config.build.reviewers > 0 ? createReviewGate({
    spec: `${o.spec.title}\n\n${o.spec.text}`,
    reviewers: config.build.reviewers,
    reviewer: o.reviewer ?? { kind: 'agent', provider: o.job.provider_order[0] ?? config.provider.name, runAgent: o.runAgent },
    timeoutMs: config.provider.timeout_minutes * 60_000,
    onResult: (r) => {
      state.costUsd += costOf(r.result, r.promptChars, config.pricing).usd;
    },
  }) : undefined;

  const provingTest = buildProvingPolicy(config, { title: o.spec.title, text: o.spec.text, labels: o.job.spec?.labels ?? [] });
  const gates = buildGates(config, reviewGate !== undefined);
  const verifyAt = (sha: string) => runVerify({
    cwd: ws.dir, base: ws.baseSha, head: sha, config, baseline: true, provingTest, gates, acceptTrailers: false,
    repo: o.job.repo ? `${o.job.repo.owner}/${o.job.repo.name}` : null,
    // A follow-up's evidence is of its pull request.
    ...(o.job.follow_up ? { pr: o.job.follow_up.pr_number } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(reviewGate ? { extraGates: [reviewGate] } : {}),
    onEvent: (event) => {
      if (event.type === 'gate-end') {
        state.gates.push({ id: event.id, status: event.record.status });
        progress(event.id === 'review' ? 'review' : 'verify', `${event.id}: ${event.record.status} — ${event.record.reason}`);
      }
    },
  });

  // Before any agent call: say what this run starts from, stop on what no agent can fix, and
  // finish at no cost when the resumed branch already verifies.
  const start = describeStart(ws, o.job.base_ref);
  if (start) progress('prepare', start, true);
  if (ws.baseUpdate?.kind === 'conflict') {
    const files = ws.baseUpdate.files;
    return stop('refused', `the branch ${ws.branch} conflicts with the updated ${o.job.base_ref} in ${files.length} file${files.length === 1 ? '' : 's'} (${files.slice(0, 10).join(', ')}${files.length > 10 ? ', …' : ''}); nothing was merged and the agent was not called. Fix: merge ${o.job.base_ref} into ${ws.branch} and resolve the conflicts, or start over from the base (\`loki build --restart\`; through the App, delete the branch ${ws.branch} and label the issue again)`);
  }
  const refusal = await o.checkBeforeAgent?.();
  if (refusal) return stop('refused', refusal);
  if (ws.resumed && (await treeOf(ws.dir, ws.runStartSha)) !== (await treeOf(ws.dir, ws.baseSha))) {
    progress('verify', `re-verifying ${ws.branch} at ${ws.runStartSha.slice(0, 12)} before calling the agent`, true);
    evidence = await verifyAt(ws.runStartSha);
    verifiedHead = ws.runStartSha;
    if (o.signal?.aborted) return stop('cancelled', 'the build was cancelled while the gates ran');
    progress('verify', `resumed branch: ${evidence.verdict} — ${evidence.summary}`, true, evidence.verdict);
    // A follow-up answers feedback on a branch that verified already: the agent is called all the same.
    if (!o.job.follow_up && evidence.verdict === 'VERIFIED' && evidence.subject.head_sha === ws.runStartSha && !evidence.dirty) {
      return stop('done', `verified: the resumed branch ${ws.branch} already verifies, so the agent was not called: ${evidence.summary}`);
    }
    lastFailures = `${await resumeNote(ws)}\n\nThe branch head, checked before this iteration:\n${describeFailures(evidence)}`;
  } else if (ws.resumed) {
    lastFailures = await resumeNote(ws);
  }

  for (;;) {
    const cap = decideStop({ iterations: state.iteration, ...caps, elapsedMs: Date.now() - started, costUsd: state.costUsd, signatures, stuckAfter: config.build.stuck_after });
    if (cap) return stop(cap.status, `${cap.reason}${evidence ? `; last verdict ${evidence.verdict}: ${evidence.summary}` : ''}${agentNote}`);
    if (o.signal?.aborted) return stop('cancelled', 'the build was cancelled');
    state.iteration++;

    // Reason: the prompt carries the spec's location, the repo map, the last failures and the notes.
    progress('reason', `iteration ${state.iteration}: preparing the prompt`, true);
    const prompt = buildPrompt({
      branch: ws.branch, iteration: state.iteration, maxIterations: caps.maxIterations,
      specFile: SPEC_FILE, progressFile: PROGRESS_FILE, specTitle: o.spec.title,
      progress: await readFile(progressPath, 'utf8').catch(() => ''),
      lastFailures, repoMap: await mapRepository(ws.dir),
      ...(o.job.follow_up ? { followUp: followUpPrompt(o.job.follow_up, ws.branch) } : {}),
    });

    // Act.
    progress('act', `iteration ${state.iteration}: the agent is working`);
    const remainingMs = caps.maxMinutes * 60_000 - (Date.now() - started);
    const result = await o.runAgent({
      role: 'build',
      prompt, cwd: ws.dir,
      timeoutMs: Math.max(1_000, Math.min(config.provider.timeout_minutes * 60_000, remainingMs)),
      env: { LOKI_SPEC_FILE: join(ws.dir, SPEC_FILE), LOKI_PROGRESS_FILE: progressPath, LOKI_ITERATION: String(state.iteration) },
      ...(config.provider.model ? { model: config.provider.model } : {}),
      ...(caps.budgetUsd > 0 ? { maxBudgetUsd: Math.max(0.01, caps.budgetUsd - state.costUsd) } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      onActivity: (line) => progress('act', line),
    });
    state.costUsd += costOf(result, prompt.length, config.pricing).usd;
    const agentStop = agentStopReason(result);
    if (agentStop?.fatal) return stop(agentStop.status, agentStop.reason);
    agentNote = result.ok || !result.failure ? '' : `; the agent's last run failed: ${result.failure.message}`;

    // Reflect: keep the work (checkpoint), enforce the rules on it, decide whether there is anything to verify.
    progress('reflect', `iteration ${state.iteration}: checkpoint`);
    const cp = await checkpoint({ cwd: ws.dir, runStartSha: ws.runStartSha, protectedPaths: config.build.protected_paths, scan: o.scan, message: buildCommitMessage({ prefix: commitPrefix(o.job), summary: o.spec.title || o.job.spec?.ref || 'build', iteration: state.iteration, maxIterations: caps.maxIterations, ...(evidence ? { previous: evidence } : {}) }) });
    protectedReverted.push(...cp.protectedReverted);
    if (cp.kind === 'secret') {
      const where = cp.hits.slice(0, 5).map((h) => `${h.file}:${h.line} (${h.rule}: ${h.redacted})`).join(', ');
      return stop('blocked', `the agent wrote ${cp.hits.length} secret${cp.hits.length === 1 ? '' : 's'} (${where}); nothing was committed or pushed`, { secretHits: cp.hits });
    }
    if (agentStop) return stop(agentStop.status, agentStop.reason);
    const protectedNote = cp.protectedReverted.length
      ? `\nThese protected paths were changed and have been reverted (you may not change them): ${cp.protectedReverted.map((c) => c.path).join(', ')}`
      : '';
    if (!(await changedSinceStart(cp.sha))) {
      // Review comments may all be declined, with a reason each: the verified branch then stands as it is.
      if (await answeredWithoutChange(o.job, ws, evidence)) return stop('done', `no change was needed: the agent answered every review comment without changing the code, and ${ws.branch} verifies as it is: ${evidence?.summary ?? ''}`);
      signatures.push('no-change');
      lastFailures = `You made no change to the repository in the last iteration${agentNote ? ` (and your run failed: ${result.failure?.message})` : ''}. An empty change is never accepted: implement the specification.${protectedNote}`;
      progress('reflect', `iteration ${state.iteration}: no change`, true);
      continue;
    }
    if (cp.sha === verifiedHead && evidence) {
      signatures.push(failureSignature(evidence));
      lastFailures = `You made no change in the last iteration; the last check still stands:\n${describeFailures(evidence)}${protectedNote}`;
      continue;
    }

    // Verify: the gates on the whole change, on exactly this commit.
    progress('verify', `iteration ${state.iteration}: running the gates on ${cp.sha.slice(0, 12)}`, true);
    state.gates = [];
    evidence = await verifyAt(cp.sha);
    verifiedHead = cp.sha;
    // A stop during the gates wins over whatever they said: nothing more is pushed or opened.
    if (o.signal?.aborted) return stop('cancelled', 'the build was cancelled while the gates ran');
    progress('verify', `iteration ${state.iteration}: ${evidence.verdict} — ${evidence.summary}`, true, evidence.verdict);
    if (evidence.verdict === 'VERIFIED' && evidence.subject.head_sha === cp.sha && !evidence.dirty) {
      return stop('done', `verified: ${evidence.summary}`);
    }
    signatures.push(failureSignature(evidence));
    lastFailures = `${describeFailures(evidence)}${protectedNote}`;
    await o.onCheckpoint?.(cp.sha);
  }
}

/** A build proves its change with a test that fails without it, unless the spec says there is no behaviour to prove. */
function buildProvingPolicy(config: LokiConfig, spec: { title: string; text: string; labels: readonly string[] }): ProvingTestPolicy {
  const declared = declaredChangeKind(spec, "the spec's");
  return { required: config.build.require_proving_test, ...(declared ? { declared } : {}) };
}

/** The gates a build runs: the configured ones, with integrity and secrets always in. */
function buildGates(config: LokiConfig, review: boolean): GateId[] {
  const ids = new Set<GateId>(config.verify.gates ?? DEFAULT_GATE_IDS);
  ids.add('integrity');
  ids.add('secrets');
  if (review) ids.add('review');
  return [...ids];
}

interface AgentStop {
  status: BuildStatus;
  reason: string;
  /** Stop before even checkpointing: the agent never ran. */
  fatal: boolean;
}

/** Agent failures that end the run. A plain non-zero exit does not: its work is still checked. */
function agentStopReason(result: AgentResult): AgentStop | undefined {
  const f = result.failure;
  if (result.ok || !f || f.kind === 'failed') return undefined;
  const reason = `${result.provider}: ${f.message}${f.fix ? `. Fix: ${f.fix}` : ''}`;
  switch (f.kind) {
    case 'missing':
    case 'unauthenticated':
      return { status: 'error', reason, fatal: true };
    case 'timeout':
      return { status: 'capped', reason: `the agent was killed at its time limit (${Math.round(result.durationMs / 1000)} s) with its whole process tree; the work so far is checkpointed. ${reason}`, fatal: false };
    case 'cancelled':
      return { status: 'cancelled', reason: 'the build was cancelled while the agent was working', fatal: false };
    case 'rate_limited':
    case 'outage':
      return { status: 'error', reason: `every provider in the failover list is unavailable: ${reason}`, fatal: false };
  }
}

/** A review follow-up (no CI failure to fix) whose agent wrote its replies, on a start commit the gates verified. */
async function answeredWithoutChange(job: Job, ws: Workspace, evidence: Evidence | undefined): Promise<boolean> {
  const f = job.follow_up;
  if (!f || f.failures.length > 0 || f.threads.length === 0) return false;
  if (evidence?.verdict !== 'VERIFIED' || evidence.subject.head_sha !== ws.runStartSha || evidence.dirty) return false;
  return (await readReplies(ws.dir, f.threads)).size > 0;
}

async function treeOf(cwd: string, commit: string): Promise<string> {
  return (await git(cwd, ['rev-parse', `${commit}^{tree}`])).trim();
}

/** The first thing a run says: that it resumes a branch (and what became of the updated base), or starts over. */
export function describeStart(ws: Workspace, baseRef: string): string | undefined {
  if (ws.restarted) {
    return `starting over from ${baseRef} (--restart): the old ${ws.branch} head ${ws.restarted.oldHead.slice(0, 12)} is set aside (to keep it: git branch ${ws.branch.replace(/^loki\//, 'loki-old/')} ${ws.restarted.oldHead})`;
  }
  if (!ws.resumed) return undefined;
  const update = ws.baseUpdate;
  const base = update?.kind === 'merged'
    ? `; merged ${update.commits} new commit${update.commits === 1 ? '' : 's'} of ${baseRef} into it`
    : update?.kind === 'conflict' ? `; it conflicts with the updated ${baseRef}` : `; it contains the latest ${baseRef}`;
  return `resuming the existing branch ${ws.branch} at ${ws.runStartSha.slice(0, 12)}${base} (to start over from ${baseRef} instead: loki build --restart)`;
}

async function resumeNote(ws: Workspace): Promise<string> {
  const log = await git(ws.dir, ['log', '--oneline', '--no-decorate', '-n', '20', `${ws.baseSha}..${ws.runStartSha}`]);
  return `This run resumes the branch ${ws.branch} from its last checkpoint ${ws.runStartSha.slice(0, 12)}. Earlier work on it:\n${log.trim() || '(no commits)'}\nContinue from there; check what is left against the spec.`;
}
