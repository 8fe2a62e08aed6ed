import { describeIssues } from '../../gates/config/load-config.js';
import { findJsonObject } from '../providers/find-json-object.js';
import { ReviewAnswerSchema, type ReviewAnswer } from './review-schema.js';

export type ParsedReview = { ok: true; answer: ReviewAnswer } | { ok: false; problem: string };

/**
 * Reads a reviewer's answer: the one JSON object in it (bare, fenced or amid prose). Anything else is a
 * failed review — never a pass by default, and never a verdict guessed from prose.
 */
export function parseReview(text: string): ParsedReview {
  const found = findJsonObject(text);
  if (!found.ok) return { ok: false, problem: found.problem };
  const result = ReviewAnswerSchema.safeParse(found.value);
  if (!result.success) return { ok: false, problem: `the answer does not match the review schema:\n${describeIssues(result.error.issues)}` };
  return { ok: true, answer: result.data };
}
