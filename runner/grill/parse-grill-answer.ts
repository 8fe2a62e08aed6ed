import { z } from 'zod';
import { SeveritySchema } from '../../gates/config/schema.js';
import { describeIssues } from '../../gates/config/load-config.js';
import { LokiError } from '../../gates/core/errors.js';
import { fingerprint } from '../../gates/evidence/fingerprint.js';
import { findJsonObject } from '../providers/find-json-object.js';
import { GrillCategorySchema, type GrillFinding } from '../../gates/spec/grill-schema.js';
import type { Spec } from '../../gates/spec/spec-schema.js';

/** The shape the grill prompt asks for. Extra keys are tolerated; missing or wrong ones are not. */
export const GrillAnswerSchema = z.object({
  questions: z.array(
    z.object({
      question: z.string().trim().min(1),
      category: GrillCategorySchema,
      severity: SeveritySchema,
      requirement_id: z.string().min(1).nullable(),
      why: z.string().optional(),
    }),
  ),
});
export type GrillAnswer = z.infer<typeof GrillAnswerSchema>;

const FIX = 'make the agent print only the JSON object the grill prompt asks for (templates/spec/grill-prompt.md), or run `loki grill` without --provider for the deterministic lint alone';

/**
 * Turns a provider's answer into grill findings. Anything that is not the JSON the prompt asked
 * for is an error that names the provider and the problem: an unreadable interrogation is never
 * treated as "no questions".
 */
export function parseGrillAnswer(text: string, spec: Spec, provider: string): GrillFinding[] {
  const raw = extractJson(text, provider);
  const parsed = GrillAnswerSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LokiError('PROVIDER_OUTPUT_INVALID', `the ${provider} provider's grill answer does not match the schema:\n${describeIssues(parsed.error.issues)}`, { fix: FIX });
  }
  const known = new Set(spec.requirements.map((r) => r.id));
  const unknown = parsed.data.questions.map((q) => q.requirement_id).filter((id): id is string => id !== null && !known.has(id));
  if (unknown.length > 0) {
    throw new LokiError('PROVIDER_OUTPUT_INVALID', `the ${provider} provider's grill answer names requirements the spec does not have: ${[...new Set(unknown)].join(', ')}`, { fix: FIX });
  }
  return parsed.data.questions.map((q) => ({
    id: fingerprint('grill', 'provider-question', q.requirement_id ?? '', q.question.toLowerCase().replace(/\s+/g, ' ')),
    rule: 'provider-question',
    category: q.category,
    severity: q.severity,
    requirement_id: q.requirement_id,
    message: q.why ? `${q.question} (${q.why.trim()})` : q.question,
    question: q.question,
    source: 'provider' as const,
  }));
}

/** The one JSON object in the answer (bare, fenced or amid prose); none or several is an error. */
function extractJson(text: string, provider: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') {
    throw new LokiError('PROVIDER_OUTPUT_INVALID', `the ${provider} provider answered the grill with nothing`, { fix: FIX });
  }
  const found = findJsonObject(trimmed);
  if (found.ok) return found.value;
  const start = trimmed.slice(0, 120).replace(/\s+/g, ' ');
  throw new LokiError('PROVIDER_OUTPUT_INVALID', `the ${provider} provider's grill answer is not usable: ${found.problem}; it began: "${start}"`, { fix: FIX });
}
