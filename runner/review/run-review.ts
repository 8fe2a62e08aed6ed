import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplate, renderTemplate } from '../../gates/core/templates.js';
import type { AgentRequest, AgentResult } from '../providers/provider.js';
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
  diff: string;
  reviewers: number;
  runAgent: RunAgent;
  timeoutMs: number;
  signal?: AbortSignal;
}

const DIFF_LIMIT = 150_000;

/**
 * N independent reviewers. Each runs in an empty folder of its own with only the spec and the
 * diff: no workspace, no transcript, no progress notes, no builder's claims to anchor on.
 */
export async function runBlindReview(options: BlindReviewOptions): Promise<ReviewerResult[]> {
  const prompt = reviewPrompt(options.spec, options.diff);
  const runs = Array.from({ length: options.reviewers }, (_, i) => reviewOnce(i + 1, prompt, options));
  return Promise.all(runs);
}

export function reviewPrompt(spec: string, diff: string): string {
  const shownDiff = diff.length > DIFF_LIMIT ? `${diff.slice(0, DIFF_LIMIT)}\n… (diff cut at ${DIFF_LIMIT} characters)` : diff;
  return renderTemplate(loadTemplate('prompts/review.md'), { spec, diff: shownDiff });
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
