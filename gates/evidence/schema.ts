import { z } from 'zod';
import { GateIdSchema, SeveritySchema } from '../config/schema.js';

/**
 * evidence.json — the machine-readable proof. Versioned: a consumer checks `schema_version`
 * before reading anything else. The JSON Schema export lives in gates/evidence/evidence.schema.json.
 */
export const EVIDENCE_SCHEMA_VERSION = 1;

export const VERDICTS = ['VERIFIED', 'CONCERNS', 'BLOCKED', 'ERROR'] as const;
export const VerdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof VerdictSchema>;

export const VERDICT_EXIT_CODES: Record<Verdict, 0 | 1 | 2 | 3> = { VERIFIED: 0, CONCERNS: 1, BLOCKED: 2, ERROR: 3 };

export const GateStatusSchema = z.enum(['pass', 'fail', 'inconclusive', 'skipped']);
export type GateStatus = z.infer<typeof GateStatusSchema>;

export const GateCountsSchema = z.strictObject({
  total: z.number().int().nonnegative().optional(),
  passed: z.number().int().nonnegative().optional(),
  failed: z.number().int().nonnegative().optional(),
  skipped: z.number().int().nonnegative().optional(),
  files: z.number().int().nonnegative().optional(),
  findings: z.number().int().nonnegative().optional(),
  /** tests gate, with the baseline: tests that pass on the head and fail or do not exist on the merge-base. */
  proving: z.number().int().nonnegative().optional(),
});
export type GateCounts = z.infer<typeof GateCountsSchema>;

export const ProvingTestSchema = z.strictObject({
  id: z.string(),
  file: z.string().optional(),
  /** Without the change (the merge-base's source with the head's tests) the test failed, or was not there at all. */
  on_base: z.enum(['failed', 'absent']),
});

export const GateRecordSchema = z.strictObject({
  id: GateIdSchema,
  status: GateStatusSchema,
  reason: z.string(),
  /** The command(s) the gate ran, as a display string; null when it ran none. */
  command: z.string().nullable(),
  exit_code: z.number().int().nullable(),
  duration_ms: z.number().int().nonnegative(),
  counts: GateCountsSchema.optional(),
  /** sha256 of the gate's full output, so a log can be matched to its evidence. */
  log_sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** tests gate, with the baseline: the proving tests (`counts.proving`), at most the first 200. */
  proving: z.array(ProvingTestSchema).optional(),
  /** Steps a gate took before its main command (e.g. dependency install). */
  steps: z
    .array(z.strictObject({ name: z.string(), command: z.string(), exit_code: z.number().int().nullable(), duration_ms: z.number().int().nonnegative() }))
    .optional(),
});
export type GateRecord = z.infer<typeof GateRecordSchema>;

export const FindingSchema = z.strictObject({
  /** Stable fingerprint: gate, rule, file and the content involved — never the message text or line number alone. */
  id: z.string().regex(/^[0-9a-f]{16}$/),
  gate: GateIdSchema,
  rule: z.string().min(1),
  severity: SeveritySchema,
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
  message: z.string().min(1),
  blocking: z.boolean(),
  /** Exists on the base as well: reported, never blocking. */
  pre_existing: z.boolean().default(false),
  /** Accepted by a `Loki-Accept: <rule> <file>` trailer in the change (integrity findings only): reported, never blocking. */
  /** Who accepted it: a `Loki-Accept:` trailer (its commit) or a `/loki accept` comment (its URL). */
  accepted: z.strictObject({ by: z.string(), commit: z.string().optional(), comment_url: z.string().optional(), why: z.string().optional() }).optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const SubjectSchema = z.strictObject({
  repo: z.string().nullable(),
  pr: z.number().int().positive().nullable(),
  base_ref: z.string(),
  base_sha: z.string().nullable(),
  merge_base_sha: z.string().nullable(),
  head_sha: z.string().nullable(),
  diff_stats: z.strictObject({ files: z.number().int(), additions: z.number().int(), deletions: z.number().int() }),
  /**
   * What the change says it is, where it says so (its PR's or head commit's title, a label, a
   * `Type:` line; a build's spec): a refactor or docs-only change has no behaviour to prove, and a
   * test that fails without it contradicts the declaration (a finding).
   */
  declared_change: z.strictObject({ kind: z.enum(['refactor', 'docs-only']), by: z.string() }).optional(),
});

export const TreeSchema = z.strictObject({
  /**
   * `in-place`: the checkout itself, clean and at the head commit. `clean-worktree`: a temporary
   * worktree of the head commit, because the checkout had uncommitted changes or another commit
   * checked out; those changes were not verified.
   */
  checked_out: z.enum(['in-place', 'clean-worktree']),
  /** Paths with uncommitted changes in the checkout (at most the first 20; Loki's .loki/ excluded). */
  dirty_paths: z.array(z.string()),
  dirty_count: z.number().int().nonnegative(),
});
export type Tree = z.infer<typeof TreeSchema>;

export const EvidenceSchema = z.strictObject({
  schema_version: z.literal(EVIDENCE_SCHEMA_VERSION),
  verdict: VerdictSchema,
  exit_code: z.number().int().min(0).max(3),
  /** Why the verdict is what it is, in one sentence. */
  summary: z.string(),
  error: z.strictObject({ code: z.string(), message: z.string(), fix: z.string().optional() }).optional(),
  subject: SubjectSchema,
  produced_by: z.strictObject({
    tool: z.literal('loki'),
    version: z.string(),
    started_at: z.iso.datetime(),
    completed_at: z.iso.datetime(),
  }),
  /** The working tree had uncommitted changes when the gates ran. */
  dirty: z.boolean(),
  /** Where the gates read files and ran commands: absent when the run stopped before it got that far. */
  tree: TreeSchema.optional(),
  gates: z.array(GateRecordSchema),
  findings: z.array(FindingSchema),
});
export type Evidence = z.infer<typeof EvidenceSchema>;
