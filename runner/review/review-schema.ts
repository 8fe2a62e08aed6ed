import { z } from 'zod';

/** One reviewer's answer. Extra keys are tolerated (models add them); missing or wrong ones are not. */
export const ReviewFindingSchema = z.object({
  severity: z.enum(['critical', 'high', 'medium', 'low', 'info']),
  file: z.string().min(1).optional(),
  line: z.number().int().positive().optional(),
  message: z.string().min(1),
});

export const ReviewAnswerSchema = z.object({
  verdict: z.enum(['pass', 'fail']),
  summary: z.string().default(''),
  findings: z.array(ReviewFindingSchema).default([]),
});

export type ReviewFinding = z.infer<typeof ReviewFindingSchema>;
export type ReviewAnswer = z.infer<typeof ReviewAnswerSchema>;
