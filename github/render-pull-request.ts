import { renderReport } from '../gates/evidence/render-report.js';
import type { Evidence } from '../gates/evidence/schema.js';

export interface PullRequestText {
  title: string;
  body: string;
}

export interface RenderPullRequestInput {
  specTitle: string;
  issueNumber?: number;
  evidence: Evidence;
  iterations: number;
  costUsd: number;
  /** Set when the PR carries unfinished work (a cap or stuck run). */
  unfinished?: string;
}

/** Title and body of the build's PR: `Closes #N`, the verdict, and the evidence report. */
export function renderPullRequest(input: RenderPullRequestInput): PullRequestText {
  const title = `${input.unfinished ? '[WIP] ' : ''}${input.specTitle.replace(/\s+/g, ' ').trim().slice(0, 200) || 'Loki build'}`;
  const lines = ['<!-- loki:build -->'];
  if (input.issueNumber) lines.push(`Closes #${input.issueNumber}`, '');
  if (input.unfinished) lines.push(`> **Not verified yet**: ${input.unfinished}. The next run resumes from this branch.`, '');
  lines.push(
    `Built by Loki in ${input.iterations} iteration${input.iterations === 1 ? '' : 's'} ($${input.costUsd.toFixed(2)}). ` +
      `Verdict **${input.evidence.verdict}** on \`${input.evidence.subject.head_sha?.slice(0, 12) ?? 'unknown'}\`.`,
    '',
    ...skippedReview(input.evidence),
    renderReport(input.evidence, { maxChars: 50_000 }),
  );
  return { title, body: lines.join('\n') };
}

/** A build verified without an LLM review says so at the top, with how to enable it. */
function skippedReview(evidence: Evidence): string[] {
  const review = evidence.gates.find((g) => g.id === 'review');
  return review?.status === 'skipped' ? [`> **Review: skipped** — ${review.reason}`, ''] : [];
}
