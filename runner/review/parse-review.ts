import { describeIssues } from '../../gates/config/load-config.js';
import { ReviewAnswerSchema, type ReviewAnswer } from './review-schema.js';

export type ParsedReview = { ok: true; answer: ReviewAnswer } | { ok: false; problem: string };

/**
 * Reads a reviewer's answer: one JSON object, bare or in a ```json fence. Anything else is a
 * failed review — never a pass by default, and never a verdict guessed from prose.
 */
export function parseReview(text: string): ParsedReview {
  const candidate = extractJson(text.trim());
  if (candidate === undefined) return { ok: false, problem: 'the answer holds no JSON object' };
  let raw: unknown;
  try {
    raw = JSON.parse(candidate);
  } catch (error) {
    return { ok: false, problem: `the answer is not valid JSON: ${(error as Error).message}` };
  }
  const result = ReviewAnswerSchema.safeParse(raw);
  if (!result.success) return { ok: false, problem: `the answer does not match the review schema:\n${describeIssues(result.error.issues)}` };
  return { ok: true, answer: result.data };
}

function extractJson(text: string): string | undefined {
  if (text.startsWith('{') && text.endsWith('}')) return text;
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n```/.exec(text);
  if (fenced?.[1]?.trim().startsWith('{')) return fenced[1].trim();
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  return first >= 0 && last > first ? text.slice(first, last + 1) : undefined;
}
