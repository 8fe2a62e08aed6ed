import type { GateId, Severity } from '../../gates/config/schema.js';
import { git } from '../../gates/git/git.js';
import type { FindingDraft, Gate, GateContext, GateOutcome } from '../../gates/verify/gate.js';
import type { Reviewer } from './choose-reviewer.js';
import { describeCut, type DiffCut } from './fit-diff.js';
import { runBlindReview, type ReviewerResult, type RunAgent } from './run-review.js';

export interface ReviewGateOptions {
  spec: string;
  reviewers: number;
  /** Who reviews; `skipped` carries why no one does and how to enable review. */
  reviewer: Reviewer;
  timeoutMs: number;
  /** Called with each reviewer call, so the loop counts review spend against the budget. */
  onResult?: (result: ReviewerResult) => void;
}

/** The deterministic gates the review waits for; it only spends money on a change that passed them. */
const PREREQUISITES: readonly GateId[] = ['diff', 'build', 'tests', 'static', 'secrets', 'integrity'];

/** The `review` gate: blind reviewers on spec + diff, run after the deterministic gates pass. */
export function createReviewGate(options: ReviewGateOptions): Gate {
  return {
    id: 'review',
    dependsOn: PREREQUISITES,
    async run(ctx) {
      const { reviewer } = options;
      if (reviewer.kind === 'skipped') return { status: 'skipped', reason: reviewer.reason };
      const unmet = PREREQUISITES.filter((id) => notPassed(ctx, id));
      if (unmet.length > 0) return { status: 'skipped', reason: `not run: ${unmet.join(', ')} did not pass` };
      const diff = await git(ctx.cwd, ['diff', '--no-color', '--no-ext-diff', ctx.diff.mergeBaseSha, ctx.diff.headSha]);
      ctx.progress(`${options.reviewers} blind reviewer${options.reviewers === 1 ? '' : 's'}`);
      const review = await runBlindReview({ spec: options.spec, diff, reviewers: options.reviewers, runAgent: reviewer.runAgent, timeoutMs: options.timeoutMs, signal: ctx.signal });
      for (const r of review.results) options.onResult?.(r);
      return judge(review.results, new Set(ctx.config.verify.block_on), review.cut);
    },
  };
}

function notPassed(ctx: GateContext, id: GateId): boolean {
  const outcome = ctx.dependency(id);
  // A gate the config did not select is not a prerequisite; one that ran must have passed.
  if (!outcome || outcome.status === 'skipped') return false;
  return outcome.status !== 'pass' || (outcome.findings ?? []).some((f) => !f.preExisting && ctx.config.verify.block_on.includes(f.severity));
}

/**
 * Only blocking-severity remarks become findings: any finding makes the verdict CONCERNS, and a
 * reviewer's style remark must not keep a correct change from ever being done. Minor remarks are
 * kept in the gate's reason instead.
 */
export function judge(results: readonly ReviewerResult[], blockOn: ReadonlySet<Severity>, cut?: DiffCut): GateOutcome {
  const outcome = judgeAnswers(results, blockOn);
  if (!cut) return outcome;
  // An approval of part of the change is no approval of the change: never a pass.
  const partial = `reviewers saw part of the change only: ${describeCut(cut)}`;
  return { ...outcome, status: outcome.status === 'pass' ? 'inconclusive' : outcome.status, reason: `${outcome.reason}; ${partial}` };
}

function judgeAnswers(results: readonly ReviewerResult[], blockOn: ReadonlySet<Severity>): GateOutcome {
  const minor = results.flatMap((r) => (r.answer?.findings ?? []).filter((f) => !blockOn.has(f.severity)).map((f) => `reviewer ${r.reviewer} (${f.severity}): ${f.message}`));
  const findings: FindingDraft[] = results.flatMap((r) =>
    (r.answer?.findings ?? []).filter((f) => blockOn.has(f.severity)).map((f) => ({
      rule: 'reviewer-finding',
      severity: f.severity,
      message: `reviewer ${r.reviewer}: ${f.message}`,
      key: f.message,
      ...(f.file ? { file: f.file } : {}),
      ...(f.line ? { line: f.line } : {}),
    })),
  );
  const counts = { total: results.length, passed: 0, failed: 0, findings: findings.length };
  const failedAgents = results.filter((r) => r.agentFailed);
  const unparsable = results.filter((r) => !r.agentFailed && !r.answer);
  const rejecting = results.filter((r) => r.answer && (r.answer.verdict === 'fail' || r.answer.findings.some((f) => blockOn.has(f.severity))));
  counts.failed = unparsable.length + rejecting.length;
  counts.passed = results.length - counts.failed - failedAgents.length;
  if (unparsable.length > 0 || rejecting.length > 0) {
    const why = [
      ...unparsable.map((r) => `reviewer ${r.reviewer} gave no valid answer (${r.problem?.split('\n')[0]})`),
      ...rejecting.map((r) => `reviewer ${r.reviewer} rejected the change: ${r.answer?.summary || 'see findings'}`),
    ];
    return { status: 'fail', reason: why.join('; '), counts, findings };
  }
  if (failedAgents.length > 0) {
    return { status: 'inconclusive', reason: failedAgents.map((r) => `reviewer ${r.reviewer} could not run: ${r.problem}`).join('; '), counts, findings };
  }
  const remarks = minor.length > 0 ? `; minor remarks: ${minor.slice(0, 5).join('; ')}${minor.length > 5 ? ` (+${minor.length - 5} more)` : ''}` : '';
  return { status: 'pass', reason: `${results.length} blind reviewer${results.length === 1 ? '' : 's'} approved${remarks}`, counts, findings };
}
