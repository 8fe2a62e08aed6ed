import type { GateId, LokiConfig, Severity } from '../config/schema.js';
import type { GateCounts, GateRecord, GateStatus } from '../evidence/schema.js';
import type { ProvingTest } from '../testing/find-proving-tests.js';
import type { DiffSubject } from '../git/resolve-diff.js';
import type { DeclaredChange } from '../spec/declared-change-kind.js';

/** A finding as a gate reports it; the engine adds the fingerprint and decides `blocking`. */
export interface FindingDraft {
  rule: string;
  severity: Severity;
  message: string;
  file?: string;
  line?: number;
  /** What identifies the problem besides rule and file (test name, the offending line's text…). */
  key?: string;
  /** Exists on the base too: reported, never blocking. */
  preExisting?: boolean;
  /** Report under another gate id (e.g. the tests gate reporting a vanished test as integrity). */
  gate?: GateId;
}

export interface GateStep {
  name: string;
  command: string;
  exit_code: number | null;
  duration_ms: number;
}

/** What a gate returns. A failing check is an outcome with status `fail`, never an exception. */
export interface GateOutcome {
  status: GateStatus;
  reason: string;
  command?: string | null;
  exitCode?: number | null;
  counts?: GateCounts;
  logSha256?: string;
  steps?: GateStep[];
  findings?: FindingDraft[];
  /** tests gate: the tests that prove the change (pass with it, fail or cannot exist without it). */
  proving?: ProvingTest[];
  /** Gate-specific data for gates that depend on this one (e.g. test ids for integrity). */
  data?: unknown;
}

export interface GateContext {
  /** Repository root of the head checkout. */
  cwd: string;
  config: LokiConfig;
  diff: DiffSubject;
  signal: AbortSignal;
  /** Timeout for one command of this gate, from the config. */
  timeoutMs: number;
  /** Outcome of a gate listed in `dependsOn` (undefined when it was not selected). */
  dependency(id: GateId): GateOutcome | undefined;
  /** Run build and tests on the merge-base too (`--baseline`). */
  baseline: boolean;
  /** Whether a change without a proving test is a finding (builds), or why it is exempt. */
  provingTest: ProvingTestPolicy;
  /** A line of progress for the live view. */
  progress(message: string): void;
}

export interface ProvingTestPolicy {
  /** A change without a proving test is a finding (builds; verify with `verify.require_proving_test`), unless it is declared one with no behaviour to prove. */
  required: boolean;
  /**
   * What the change says it is (a spec's label or title, the PR's, the head commit's subject): a
   * refactor or docs-only change needs no proving test, and a proving test contradicts it.
   */
  declared?: DeclaredChange;
}

export interface Gate {
  id: GateId;
  /** Gates whose outcome this one needs; they run first. */
  dependsOn?: readonly GateId[];
  run(ctx: GateContext): Promise<GateOutcome>;
}

export type { GateRecord };
