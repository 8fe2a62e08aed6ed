import { z } from 'zod';
import { VerdictSchema } from '../gates/evidence/schema.js';
import { BUILD_STATUSES, type BuildOutcome } from '../runner/build-outcome.js';

/**
 * What `loki build --json` and `loki run-job --json` print: the outcome in the evidence's
 * vocabulary (snake_case), so one script reads both documents the same way. The schema is the
 * contract; the test suite parses real runs with it.
 */
export const BuildOutcomeJsonSchema = z.object({
  status: z.enum(BUILD_STATUSES),
  exit_code: z.number().int(),
  reason: z.string(),
  verdict: VerdictSchema.nullable(),
  iterations: z.number().int().nonnegative(),
  cost_usd: z.number().nonnegative(),
  branch: z.string().nullable(),
  head_sha: z.string().nullable(),
  pushed: z.boolean(),
  pr_number: z.number().int().nullable(),
  pr_url: z.string().nullable(),
  evidence_path: z.string().nullable(),
}).strict();

export type BuildOutcomeJson = z.infer<typeof BuildOutcomeJsonSchema>;

export function buildOutcomeJson(outcome: BuildOutcome): BuildOutcomeJson {
  return {
    status: outcome.status,
    exit_code: outcome.exitCode,
    reason: outcome.reason,
    verdict: outcome.evidence?.verdict ?? null,
    iterations: outcome.iterations,
    cost_usd: outcome.costUsd,
    branch: outcome.branch ?? null,
    head_sha: outcome.headSha ?? null,
    pushed: outcome.pushed ?? false,
    pr_number: outcome.prNumber ?? null,
    pr_url: outcome.prUrl ?? null,
    evidence_path: outcome.evidencePath ?? null,
  };
}
