import { z } from 'zod';
import { ProviderNameSchema } from '../../gates/config/schema.js';
import { PullAcceptancesSchema } from '../../gates/verify/accept-findings.js';

/**
 * A build or verify job: what a dispatcher (the App's local queue, a workflow_dispatch) hands to
 * `loki run-job --job FILE`, and what `loki build SPEC` builds for itself. It never holds a token:
 * the runner reads its GitHub token from LOKI_GITHUB_TOKEN_FILE (re-read on each use, so the
 * dispatcher can renew it) or LOKI_GITHUB_TOKEN.
 */
export const JOB_SCHEMA_VERSION = 1;

export const JobRepoSchema = z.strictObject({
  owner: z.string().min(1),
  name: z.string().min(1),
  /** Clone URL without credentials; the runner adds auth through git's environment. */
  clone_url: z.string().min(1),
  default_branch: z.string().min(1),
  /** REST API root (https://api.github.com, or GHE's https://HOST/api/v3). */
  api_url: z.string().url().default('https://api.github.com'),
});

export const JobSpecSchema = z.strictObject({
  source: z.enum(['issue', 'file', 'text']),
  /** `owner/repo#N` for issues, a path for files, a label for text. */
  ref: z.string().min(1),
  title: z.string().default(''),
  /** The spec text as received (untrusted: sanitised before it reaches an agent). */
  text: z.string(),
  labels: z.array(z.string()).default([]),
});

/** One unresolved review thread a follow-up answers: its first comment's place, and every reviewer comment in it. */
export const FollowUpThreadSchema = z.strictObject({
  /** The thread's first comment: replies go to it. */
  comment_id: z.number().int().positive(),
  author: z.string(),
  /** The reviewers' comments in the thread, oldest first (untrusted). */
  body: z.string(),
  path: z.string(),
  line: z.number().int().nullable(),
  diff_hunk: z.string(),
  url: z.string(),
});
export type FollowUpThread = z.infer<typeof FollowUpThreadSchema>;

/** One external check that failed on the pull request head, as read from GitHub (untrusted text). */
export const FollowUpFailureSchema = z.strictObject({
  name: z.string(),
  url: z.string(),
  /** Title, summary and annotations of the check run. */
  output: z.string(),
  /** The failing part of the Actions job log, when there is one. */
  log: z.string().optional(),
});
export type FollowUpFailure = z.infer<typeof FollowUpFailureSchema>;

/**
 * A build that continues a Loki pull request: it answers review threads or failing CI on the same
 * branch, replies in each thread and records the result in the pull request's ledger.
 */
export const FollowUpSchema = z.strictObject({
  pr_number: z.number().int().positive(),
  /** The pull request head the follow-up was accepted on (its first `Loki Build` check run is there). */
  head_sha: z.string().regex(/^[0-9a-f]{40}$/),
  /** What it answers, as links: the review(s), comment(s) or check suite(s). */
  triggers: z.array(z.strictObject({ kind: z.enum(['review', 'comment', 'command', 'ci']), url: z.string(), by: z.string() })).min(1),
  threads: z.array(FollowUpThreadSchema).default([]),
  /** Bodies of reviews that requested changes without inline comments (untrusted). */
  reviews: z.array(z.strictObject({ author: z.string(), body: z.string(), url: z.string() })).default([]),
  failures: z.array(FollowUpFailureSchema).default([]),
  /** The CI failure's signature, for the ledger. */
  ci_signature: z.string().optional(),
  /** The pull request's sticky ledger comment. */
  ledger_comment_id: z.number().int().positive().optional(),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

export const JobSchema = z.strictObject({
  schema_version: z.literal(JOB_SCHEMA_VERSION).default(JOB_SCHEMA_VERSION),
  job_id: z.string().min(1).max(200),
  kind: z.enum(['build', 'verify']),
  /** Absent for a local `loki build` with no GitHub. */
  repo: JobRepoSchema.optional(),
  base_ref: z.string().min(1),
  /** verify jobs: the PR head SHA to check. */
  head_sha: z.string().regex(/^[0-9a-f]{40}$/).optional(),
  issue_number: z.number().int().positive().optional(),
  pr_number: z.number().int().positive().optional(),
  spec: JobSpecSchema.optional(),
  provider_order: z.array(ProviderNameSchema).min(1).default(['claude']),
  budgets: z
    .strictObject({
      max_iterations: z.number().int().positive().optional(),
      max_minutes: z.number().positive().optional(),
      budget_usd: z.number().nonnegative().optional(),
    })
    .default({}),
  /** Check run the dispatcher created (Loki Build / Loki Verify) for the runner to update. */
  check_run_id: z.number().int().positive().optional(),
  /** The sticky status comment on the issue, for progress. */
  status_comment_id: z.number().int().positive().optional(),
  /** Who asked for it (login), for the report. */
  requested_by: z.string().optional(),
  no_push: z.boolean().default(false),
  /** Start over from the base even when the build branch exists (`loki build --restart`); default: resume it. */
  restart: z.boolean().default(false),
  /** Set for a follow-up build on an existing Loki pull request (review feedback or failing CI). */
  follow_up: FollowUpSchema.optional(),
  /** verify jobs: what the dispatcher read from GitHub about accepted findings (a fork's job has no token to read it). */
  acceptances: PullAcceptancesSchema.optional(),
});

export type Job = z.infer<typeof JobSchema>;
export type JobInput = z.input<typeof JobSchema>;
