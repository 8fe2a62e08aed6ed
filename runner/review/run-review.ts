import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplate, renderTemplate } from '../../gates/core/templates.js';
import type { AgentRequest, AgentResult } from '../providers/provider.js';
import { describeCut, fitDiff, type DiffCut } from './fit-diff.js';
import { parseReview } from './parse-review.js';
import type { ReviewAnswer } from './review-schema.js';

export type RunAgent = (request: AgentRequest) => Promise<AgentResult>;

export interface ReviewerResult {
  reviewer: number;
  /** A valid answer, or why there is none (unparsable output, agent failure). */
  answer?: ReviewAnswer;
  problem?: string;
  /** The agent itself could not run (missing, unauthenticated, timed out): inconclusive, not a verdict. */
  agentFailed: boolean;
  result: AgentResult;
  /** Size of the prompt sent, for cost estimates when the provider reports none. */
  promptChars: number;
}

export interface BlindReviewOptions {
  spec: string;
  /** The whole diff; reviewers see what fits (fitDiff) and are told what does not. */
  diff: string;
  reviewers: number;
  runAgent: RunAgent;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface BlindReview {
  results: ReviewerResult[];
  /** Set when the diff was too long to show whole. */
  cut?: DiffCut;
}

/**
 * N independent reviewers. Each runs in an empty folder of its own with only the spec and the
 * diff: no workspace, no transcript, no progress notes, no builder's claims to anchor on.
 */
export async function runBlindReview(options: BlindReviewOptions): Promise<BlindReview> {
  const fitted = fitDiff(options.diff);
  const prompt = reviewPrompt(options.spec, fitted.text, fitted.cut);
  const runs = Array.from({ length: options.reviewers }, (_, i) => reviewOnce(i + 1, prompt, options));
  return { results: await Promise.all(runs), ...(fitted.cut ? { cut: fitted.cut } : {}) };
}

export function reviewPrompt(spec: string, diff: string, cut?: DiffCut): string {
  const note = cut ? `IMPORTANT: ${describeCut(cut)}. Judge only what you see; do not assume that what you cannot see is correct, and say in your summary that the review is partial.\n\n` : '';
  return renderTemplate(loadTemplate('prompts/review.md'), { spec, diff, diff_note: note });
}

async function reviewOnce(reviewer: number, prompt: string, options: BlindReviewOptions): Promise<ReviewerResult> {
  const dir = await mkdtemp(join(tmpdir(), 'loki-review-'));
  try {
    await writeFile(join(dir, 'REVIEW.md'), prompt);
    const result = await options.runAgent({
      role: 'review',
      prompt,
      cwd: dir,
      timeoutMs: options.timeoutMs,
      env: { LOKI_REVIEWER: String(reviewer) },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!result.ok && result.failure && result.failure.kind !== 'failed') {
      return { reviewer, agentFailed: true, problem: `${result.failure.kind}: ${result.failure.message}`, result, promptChars: prompt.length };
    }
    const parsed = parseReview(result.text);
    const base = { reviewer, agentFailed: false, result, promptChars: prompt.length };
    return parsed.ok ? { ...base, answer: parsed.answer } : { ...base, problem: parsed.problem };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
