import { z } from 'zod';
import { SeveritySchema } from '../config/schema.js';

/** What a grill question or lint finding is about; shared by the deterministic lint and the provider's answer. */
export const GRILL_CATEGORIES = ['acceptance', 'ambiguity', 'completeness', 'performance', 'errors', 'actors', 'consistency', 'security', 'scope', 'data', 'other'] as const;
export const GrillCategorySchema = z.enum(GRILL_CATEGORIES);
export type GrillCategory = z.infer<typeof GrillCategorySchema>;

export const GrillFindingSchema = z.strictObject({
  /** Stable fingerprint of rule, requirement and the offending content. */
  id: z.string().regex(/^[0-9a-f]{16}$/),
  rule: z.string().min(1),
  category: GrillCategorySchema,
  severity: SeveritySchema,
  /** The requirement concerned; null for the spec as a whole. */
  requirement_id: z.string().nullable(),
  message: z.string().min(1),
  /** The question the author should answer to close the gap. */
  question: z.string().min(1),
  source: z.enum(['lint', 'provider']),
});
export type GrillFinding = z.infer<typeof GrillFindingSchema>;
