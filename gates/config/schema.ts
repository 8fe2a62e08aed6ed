import { z } from 'zod';
import { NETWORK_POLICIES } from '../sandbox/scope.js';

/**
 * `.github/loki.yml`: the one config schema every part of Loki reads (CLI, Action, runner, App).
 * Every key has a default, so an empty file (or none) is a valid config.
 */

export const GATE_IDS = ['diff', 'build', 'tests', 'static', 'secrets', 'audit', 'integrity', 'spec-drift', 'review'] as const;
export const GateIdSchema = z.enum(GATE_IDS);
export type GateId = z.infer<typeof GateIdSchema>;

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

export const PROVIDER_NAMES = ['claude', 'codex', 'aider', 'cline', 'command'] as const;
export const ProviderNameSchema = z.enum(PROVIDER_NAMES);
export type ProviderName = z.infer<typeof ProviderNameSchema>;

const command = z.string().trim().min(1);
const minutes = z.number().positive().max(24 * 60);

export const VerifyConfigSchema = z.strictObject({
  /** Gates to run; the default is every deterministic gate. */
  gates: z.array(GateIdSchema).min(1).optional(),
  /** Severities of findings that block (BLOCKED). */
  block_on: z.array(SeveritySchema).default(['critical', 'high']),
  /** Commands that replace detection; each runs through the shell in the repository root. */
  commands: z
    .strictObject({
      install: command.optional(),
      build: command.optional(),
      test: command.optional(),
      typecheck: command.optional(),
      lint: command.optional(),
    })
    .default({}),
  /** Install dependencies when they are missing and a lockfile exists. */
  install: z.boolean().default(true),
  timeout_minutes: z.strictObject({ default: minutes.default(15), install: minutes.optional(), build: minutes.optional(), tests: minutes.optional(), static: minutes.optional(), audit: minutes.optional() }).default({ default: 15 }),
  baseline: z.boolean().default(false),
  /** A change with no test that fails without it (a proving test) is CONCERNS; turns the baseline on. */
  require_proving_test: z.boolean().default(false),
  /** Glob patterns of test files, added to the built-in ones. */
  test_patterns: z.array(z.string().min(1)).default([]),
});

export const SecretsConfigSchema = z.strictObject({
  allow_paths: z.array(z.string().min(1)).default([]),
  allow_regexes: z.array(z.string().min(1)).default([]),
  /** Fingerprints to ignore, one per line (a `.gitleaksignore` is read too). */
  ignore_file: z.string().default('.lokisecretsignore'),
  max_file_bytes: z.number().int().positive().default(2 * 1024 * 1024),
  skip_lockfiles: z.boolean().default(true),
  skip_vendored: z.boolean().default(true),
  /** Read rules and allowlists from a gitleaks config when one exists. */
  gitleaks_config: z.string().default('.gitleaks.toml'),
});

export const ProviderConfigSchema = z.strictObject({
  name: ProviderNameSchema.default('claude'),
  /** Tried in order when the current provider is rate-limited or down. */
  failover: z.array(ProviderNameSchema).default([]),
  /** For the `command` provider: run through the shell, prompt on stdin and in $LOKI_PROMPT_FILE. */
  command: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  fallback_model: z.string().min(1).optional(),
  timeout_minutes: minutes.default(30),
});

/** What a build's agent may not change unless the repository's config says otherwise. */
export const DEFAULT_PROTECTED_PATHS = ['.github/**', '.github/loki.yml', '.gitleaks.toml', '.gitleaksignore', '.lokisecretsignore', '**/*.lock.json', '!**/packages.lock.json'] as const;

export const BuildConfigSchema = z.strictObject({
  max_iterations: z.number().int().positive().max(100).default(8),
  max_minutes: minutes.default(60),
  budget_usd: z.number().nonnegative().default(10),
  reviewers: z.number().int().min(0).max(9).default(3),
  /**
   * Paths the agent may not change (globs, `!` excludes); changes are reverted and reported. By
   * default: CI (workflows, actions, scripts and Loki's config under .github), the secret scanner's
   * rule and ignore files, and spec locks (`<spec>.lock.json`; NuGet's packages.lock.json is not one).
   */
  protected_paths: z.array(z.string().min(1)).default([...DEFAULT_PROTECTED_PATHS]),
  /** Same failure this many times in a row: the run stops as stuck. */
  stuck_after: z.number().int().min(2).default(3),
  /** A build is done only with a test that fails without its change, unless the spec says docs-only or refactor. */
  require_proving_test: z.boolean().default(true),
  /**
   * Follow-up builds that try to fix external CI failing on a Loki pull request; the same failure
   * coming back after an attempt, or the attempts used up, stops the repair with a note on the PR.
   */
  ci_fix_attempts: z.number().int().min(0).max(10).default(2),
});

/**
 * Who reviews a build's change. Default: the build provider, except that a `command` agent reviews
 * only when `command` is set here (an in-house agent need not answer review prompts).
 */
export const ReviewConfigSchema = z.strictObject({
  provider: ProviderNameSchema.optional(),
  /** For a `command` reviewer: run through the shell with LOKI_ROLE=review; must print the review JSON. */
  command: command.optional(),
});

export const SpecConfigSchema = z.strictObject({
  /** Grill findings at or above these severities make `loki grill` exit 1. */
  grill_block_on: z.array(SeveritySchema).default(['critical', 'high']),
});

export const AppConfigSchema = z.strictObject({
  trigger_label: z.string().min(1).default('loki:build'),
  /** Repository roles allowed to trigger builds and commands. */
  allowed_roles: z.array(z.enum(['admin', 'maintain', 'write', 'triage', 'read'])).default(['admin', 'maintain', 'write']),
  /** Bot logins (with the [bot] suffix) that may trigger; bots are refused otherwise. */
  allowed_bots: z.array(z.string().min(1)).default([]),
  verify_pull_requests: z.boolean().default(true),
});

/**
 * Where repository code may reach the network. `install-only` (default): dependency installs,
 * audits and the agent (its model API) have it, build and tests do not. `on`: everything. `off`:
 * nothing but the agent.
 */
export const SandboxConfigSchema = z.strictObject({
  network: z.enum(NETWORK_POLICIES).default('install-only'),
});

const PriceSchema = z.strictObject({
  input_per_mtok: z.number().nonnegative(),
  output_per_mtok: z.number().nonnegative(),
});

export const PricingConfigSchema = z.record(z.string(), PriceSchema).default({
  claude: { input_per_mtok: 3, output_per_mtok: 15 },
  codex: { input_per_mtok: 1.25, output_per_mtok: 10 },
  aider: { input_per_mtok: 3, output_per_mtok: 15 },
  cline: { input_per_mtok: 3, output_per_mtok: 15 },
  command: { input_per_mtok: 0, output_per_mtok: 0 },
});

export const LokiConfigSchema = z.strictObject({
  verify: VerifyConfigSchema.default(VerifyConfigSchema.parse({})),
  secrets: SecretsConfigSchema.default(SecretsConfigSchema.parse({})),
  provider: ProviderConfigSchema.default(ProviderConfigSchema.parse({})),
  build: BuildConfigSchema.default(BuildConfigSchema.parse({})),
  review: ReviewConfigSchema.default({}),
  spec: SpecConfigSchema.default(SpecConfigSchema.parse({})),
  app: AppConfigSchema.default(AppConfigSchema.parse({})),
  sandbox: SandboxConfigSchema.default(SandboxConfigSchema.parse({})),
  pricing: PricingConfigSchema,
});

export type LokiConfig = z.infer<typeof LokiConfigSchema>;
export type LokiConfigInput = z.input<typeof LokiConfigSchema>;

export function defaultConfig(): LokiConfig {
  return LokiConfigSchema.parse({});
}
