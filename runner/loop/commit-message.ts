import { createHash } from 'node:crypto';
import type { Evidence } from '../../gates/evidence/schema.js';

export interface CommitMessageInput {
  /** `loki(#N): ` or `loki: ` (commitPrefix). */
  prefix: string;
  /** The work, in a few words: the spec's title. */
  summary: string;
  iteration: number;
  maxIterations: number;
  /** The evidence this iteration answered (the last check before it), if any. */
  previous?: Evidence;
}

/** The sha256 of evidence as evidence.json holds it (writeEvidence's serialisation). */
export function evidenceHash(evidence: Evidence): string {
  return createHash('sha256').update(`${JSON.stringify(evidence, null, 2)}\n`).digest('hex');
}

/**
 * A build commit named after the work: `loki(#7): Add multiply`, with git trailers for the
 * iteration and the evidence the iteration answered (`none` in a run's first iteration), so
 * `git log` says which check each change was a reply to.
 */
export function buildCommitMessage(input: CommitMessageInput): string {
  const summary = input.summary.replace(/\s+/g, ' ').trim() || 'build';
  const subject = `${input.prefix}${summary.length > 72 ? `${summary.slice(0, 71)}…` : summary}`;
  const answered = input.previous
    ? `It answers the check of ${input.previous.subject.head_sha?.slice(0, 12) ?? 'the last commit'}: ${input.previous.verdict}, ${input.previous.summary.replace(/\s+/g, ' ').slice(0, 200)}`
    : 'The first iteration of this run.';
  const body = `The coding agent's work in iteration ${input.iteration} of ${input.maxIterations}, checkpointed by Loki. ${answered}`;
  const trailers = [`Loki-Iteration: ${input.iteration}`, `Loki-Evidence: ${input.previous ? `sha256:${evidenceHash(input.previous)}` : 'none'}`];
  return `${subject}\n\n${body}\n\n${trailers.join('\n')}\n`;
}
