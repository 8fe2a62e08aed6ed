import { z } from 'zod';

/** tests/real/manifest.json: the cases `npm run test:real` runs, each with its known right verdict. */
export const RealCaseSchema = z.object({
  name: z.string().min(1),
  kind: z.enum(['real', 'regression', 'gamed', 'docs', 'fix', 'untested']),
  base: z.string().regex(/^[0-9a-f]{40}$/),
  head: z.string().regex(/^[0-9a-f]{40}$/),
  expected: z.enum(['VERIFIED', 'CONCERNS', 'BLOCKED']),
  why: z.string().min(1),
  /** Gates that must fail in the evidence: the verdict is right for the right reason. */
  failing_gates: z.array(z.string()),
  /** Finding rules the evidence must report, where the failing gate alone does not say why. */
  finding_rules: z.array(z.string()).optional(),
  /**
   * The case runs with --baseline and its `counts.proving` must lie in [min, max]; `require` turns on
   * builds' rule (`verify.require_proving_test`), `declared` is the kind the evidence must record,
   * `rules` the finding rules it must report.
   */
  proving: z
    .strictObject({
      min: z.number().int().nonnegative(),
      max: z.number().int().nonnegative().optional(),
      require: z.boolean().optional(),
      declared: z.enum(['refactor', 'docs-only']).optional(),
      rules: z.array(z.string()).optional(),
    })
    .optional(),
});

export const RealRepoSchema = z.object({
  name: z.string().min(1),
  upstream: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  upstream_base: z.string().regex(/^[0-9a-f]{40}$/),
  runner: z.string().min(1),
  bundle: z.string().regex(/^[\w.-]+\.bundle$/),
  /** Tools that must be on PATH for the repository's cases to run (they are skipped, and say so, otherwise). */
  needs: z.array(z.string()),
  cases: z.array(RealCaseSchema).min(1),
});

export const RealManifestSchema = z.object({
  schema_version: z.literal(1),
  repos: z.array(RealRepoSchema).min(1),
});

export type RealManifest = z.infer<typeof RealManifestSchema>;
export type RealRepo = z.infer<typeof RealRepoSchema>;
export type RealCase = z.infer<typeof RealCaseSchema>;
