import type { GateId, LokiConfig, Severity } from '../config/schema.js';
import { collectCommandLog, formatGateLog } from '../core/command-log.js';
import { attachGateLogs } from '../evidence/gate-logs.js';
import { loadConfig, loadConfigAt } from '../config/load-config.js';
import { LokiError, toLokiError } from '../core/errors.js';
import { lokiVersion } from '../core/package-root.js';
import { decideVerdict } from '../evidence/decide-verdict.js';
import { fingerprint } from '../evidence/fingerprint.js';
import { EVIDENCE_SCHEMA_VERSION, EvidenceSchema, VERDICT_EXIT_CODES, type Evidence, type Finding, type GateRecord, type Tree } from '../evidence/schema.js';
import { repoRoot } from '../git/git.js';
import { resolveDiff, type DiffSubject } from '../git/resolve-diff.js';
import { withSandboxScope } from '../sandbox/scope.js';
import { activeSandbox } from '../sandbox/wrap.js';
import type { Gate, GateContext, GateOutcome, ProvingTestPolicy } from './gate.js';
import { withHeadCheckout } from './head-checkout.js';
import { describeChange, verifyProvingPolicy, type ChangeDescription } from './proving-policy.js';
import { gatherAcceptances, judgeAcceptances, type PullAcceptances } from './accept-findings.js';
import type { DeclaredChange } from '../spec/declared-change-kind.js';
import { DEFAULT_GATE_IDS, DETERMINISTIC_GATES } from './registry.js';

export type VerifyEvent =
  | { type: 'diff'; diff: DiffSubject }
  | { type: 'tree'; tree: Tree; headSha: string }
  | { type: 'gate-start'; id: GateId }
  | { type: 'gate-progress'; id: GateId; message: string }
  | { type: 'gate-end'; id: GateId; record: GateRecord };

export interface VerifyOptions {
  cwd: string;
  base?: string;
  head?: string;
  /** Gate ids to run; others are recorded as skipped. Default: the config's list, else all deterministic gates. */
  gates?: readonly GateId[];
  blockOn?: readonly Severity[];
  /** The policy. Default: `.github/loki.yml` as committed at the merge-base (see policyConfig). */
  config?: LokiConfig;
  /** A config file to use as it is (the CLI's --config). */
  configPath?: string;
  /** A repository-relative config path to read at the merge-base instead of .github/loki.yml (the Action's `config` input). */
  policyPath?: string;
  baseline?: boolean;
  /** Default: required when `verify.require_proving_test` says so, declared by `change`. Builds pass theirs, from the spec. */
  provingTest?: ProvingTestPolicy;
  /** What the change says it is (the Action: the pull request's title, body and labels). Default: the head commit's message. */
  change?: ChangeDescription;
  repo?: string | null;
  pr?: number | null;
  signal?: AbortSignal;
  onEvent?: (event: VerifyEvent) => void;
  /**
   * Honour `Loki-Accept:` trailers in the change's commits (default true). Builds pass false: an
   * agent's commit message never accepts its own findings.
   */
  acceptTrailers?: boolean;
  /** What the App or the Action read from GitHub: `/loki accept` comments, and whose trailers count. */
  acceptances?: PullAcceptances;
  /** Gates beyond the deterministic set (the runner's `review`). */
  extraGates?: readonly Gate[];
}

/**
 * Runs the gates on merge-base(base, head)..head and returns validated evidence. It never throws
 * for a problem with the subject: a diff that cannot be resolved is an ERROR verdict with the fix.
 */
export async function runVerify(options: VerifyOptions): Promise<Evidence> {
  const startedAt = new Date();
  const base = options.base ?? 'main';
  let diff: DiffSubject | undefined;
  let declared: DeclaredChange | undefined;
  try {
    const cwd = await repoRoot(options.cwd);
    // The sandbox probe (once per process) runs beside the git reads below, not before the first command.
    void activeSandbox();
    diff = await resolveDiff({ cwd, base, ...(options.head ? { head: options.head } : {}) });
    const subject = diff;
    const [config, described] = await Promise.all([policyConfig(cwd, diff, options), options.provingTest ? undefined : describeChange(cwd, diff.headSha, options.change)]);
    options.onEvent?.({ type: 'diff', diff });
    const provingTest = options.provingTest ?? verifyProvingPolicy(config, described);
    declared = provingTest.declared;
    // Build, tests and every file a gate reads come from the head commit, never the working tree.
    // Every project command of this run shares one private HOME and the base's network policy.
    // The acceptances (commit trailers, the pull request's) are read while the gates run; a failure
    // to read them is reported once the gates are done, never leaving them running.
    const acceptances = gatherAcceptances(cwd, subject.mergeBaseSha, subject.headSha, { trailers: options.acceptTrailers !== false, ...(options.acceptances ? { pull: options.acceptances } : {}) });
    acceptances.catch(() => undefined);
    const { records, tree } = await withSandboxScope({ network: config.sandbox.network }, () =>
      withHeadCheckout(cwd, subject.headSha, config, async (dir, tree) => {
        options.onEvent?.({ type: 'tree', tree, headSha: subject.headSha });
        return { records: await runGates(dir, config, subject, provingTest, options), tree };
      }),
    );
    const accepted = await acceptances;
    const blockOn = new Set(options.blockOn ?? config.verify.block_on);
    const findings = judgeAcceptances(dedupe(records.flatMap(({ id, outcome }) => toFindings(id, outcome, blockOn))), accepted);
    const gateRecords = records.map((r) => r.record);
    const decision = decideVerdict(gateRecords, findings, diff.stats.files === 0);
    const evidence = finish({ startedAt, options, base, diff, declared, dirty: tree.dirty_count > 0, tree, gates: gateRecords, findings, ...decision });
    return attachGateLogs(evidence, new Map(records.filter((r) => r.log !== undefined).map((r) => [r.id, r.log!])));
  } catch (error) {
    const failure = toLokiError(error);
    return finish({
      startedAt, options, base, diff, dirty: false, gates: [], findings: [],
      verdict: 'ERROR', summary: failure.message,
      error: { code: failure.code, message: failure.message, ...(failure.fix ? { fix: failure.fix } : {}) },
    });
  }
}

/**
 * The config that judges the change: an explicit one, else the merge-base's. The head's own
 * config must still parse (a change that breaks it is an error), but it cannot relax the gates.
 */
async function policyConfig(cwd: string, diff: DiffSubject, options: VerifyOptions): Promise<LokiConfig> {
  if (options.config) return options.config;
  if (options.configPath) return loadConfig(cwd, options.configPath);
  // Both are read at once; a broken head config is reported before a broken base one.
  const [head, policy] = await Promise.allSettled([
    options.policyPath === undefined ? loadConfigAt(cwd, diff.headSha) : undefined,
    loadConfigAt(cwd, diff.mergeBaseSha, options.policyPath === undefined ? undefined : { path: options.policyPath, baseRef: diff.baseRef }),
  ]);
  if (head.status === 'rejected') throw head.reason;
  if (policy.status === 'rejected') throw policy.reason;
  return policy.value;
}

interface RanGate {
  id: GateId;
  outcome: GateOutcome;
  record: GateRecord;
  /** The gate's full log (every command it ran, with its output): gates that ran only. */
  log?: string;
}

async function runGates(cwd: string, config: LokiConfig, diff: DiffSubject, provingTest: ProvingTestPolicy, options: VerifyOptions): Promise<RanGate[]> {
  const all = [...DETERMINISTIC_GATES, ...(options.extraGates ?? [])];
  const selected = new Set<GateId>(options.gates ?? config.verify.gates ?? [...DEFAULT_GATE_IDS, ...(options.extraGates ?? []).map((g) => g.id)]);
  selected.add('diff');
  const signal = options.signal ?? new AbortController().signal;
  const running = new Map<GateId, Promise<RanGate>>();
  const empty = diff.stats.files === 0;

  const start = (gate: Gate): Promise<RanGate> => {
    const existing = running.get(gate.id);
    if (existing) return existing;
    const promise = (async (): Promise<RanGate> => {
      const deps = await Promise.all((gate.dependsOn ?? []).filter((id) => selected.has(id)).map((id) => start(all.find((g) => g.id === id)!)));
      if (!selected.has(gate.id)) return skipped(gate.id, 'not selected');
      if (empty && gate.id !== 'diff') return skipped(gate.id, 'empty diff: nothing to check');
      if (signal.aborted) return skipped(gate.id, 'cancelled');
      options.onEvent?.({ type: 'gate-start', id: gate.id });
      const ctx: GateContext = {
        cwd, config, diff, signal,
        timeoutMs: minutesFor(config, gate.id) * 60_000,
        // Proving tests need the merge-base's run: asking for them asks for the baseline.
        baseline: (options.baseline ?? config.verify.baseline) || provingTest.required,
        provingTest,
        dependency: (id) => deps.find((d) => d.id === id)?.outcome,
        progress: (message) => options.onEvent?.({ type: 'gate-progress', id: gate.id, message }),
      };
      const began = Date.now();
      const { value: outcome, commands } = await collectCommandLog(() => runOne(gate, ctx));
      const record = toRecord(gate.id, outcome, Date.now() - began);
      options.onEvent?.({ type: 'gate-end', id: gate.id, record });
      const log = formatGateLog(record, commands, (outcome.findings ?? []).map((f) => `${f.severity} [${f.rule}] ${f.file ? `${f.file}${f.line ? `:${f.line}` : ''}: ` : ''}${f.message}`));
      return { id: gate.id, outcome, record, log };
    })();
    running.set(gate.id, promise);
    return promise;
  };

  const ran = await Promise.all(all.map(start));
  return ran;
}

async function runOne(gate: Gate, ctx: GateContext): Promise<GateOutcome> {
  try {
    return await gate.run(ctx);
  } catch (error) {
    // A gate that crashes could not collect its evidence: inconclusive, never a pass.
    const failure = toLokiError(error);
    return { status: 'inconclusive', reason: `the ${gate.id} gate crashed: ${failure.message}` };
  }
}

function skipped(id: GateId, reason: string): RanGate {
  const outcome: GateOutcome = { status: 'skipped', reason };
  return { id, outcome, record: toRecord(id, outcome, 0) };
}

function minutesFor(config: LokiConfig, id: GateId): number {
  const t = config.verify.timeout_minutes as Record<string, number | undefined>;
  return t[id] ?? t.default ?? 15;
}

function toRecord(id: GateId, outcome: GateOutcome, durationMs: number): GateRecord {
  return {
    id,
    status: outcome.status,
    reason: outcome.reason,
    command: outcome.command ?? null,
    exit_code: outcome.exitCode ?? null,
    duration_ms: Math.max(0, Math.round(durationMs)),
    ...(outcome.counts ? { counts: outcome.counts } : {}),
    ...(outcome.logSha256 ? { log_sha256: outcome.logSha256 } : {}),
    ...(outcome.proving ? { proving: outcome.proving.slice(0, 200) } : {}),
    ...(outcome.steps?.length ? { steps: outcome.steps } : {}),
  };
}

function toFindings(id: GateId, outcome: GateOutcome, blockOn: ReadonlySet<Severity>): Finding[] {
  return (outcome.findings ?? []).map((draft) => {
    const gate = draft.gate ?? id;
    const preExisting = draft.preExisting ?? false;
    return {
      id: fingerprint(gate, draft.rule, draft.file, draft.key ?? draft.message),
      gate,
      rule: draft.rule,
      severity: draft.severity,
      ...(draft.file ? { file: draft.file } : {}),
      ...(draft.line ? { line: draft.line } : {}),
      message: draft.message,
      blocking: !preExisting && blockOn.has(draft.severity),
      pre_existing: preExisting,
    };
  });
}

/** Two gates (or two runs of one rule) can report the same problem; keep one per fingerprint. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const f of findings) if (!seen.has(f.id)) seen.set(f.id, f);
  return [...seen.values()];
}

interface Finish {
  startedAt: Date;
  options: VerifyOptions;
  base: string;
  diff: DiffSubject | undefined;
  declared?: DeclaredChange | undefined;
  dirty: boolean;
  tree?: Tree;
  gates: GateRecord[];
  findings: Finding[];
  verdict: Evidence['verdict'];
  summary: string;
  error?: Evidence['error'];
}

function finish(f: Finish): Evidence {
  const evidence: Evidence = {
    schema_version: EVIDENCE_SCHEMA_VERSION,
    verdict: f.verdict,
    exit_code: VERDICT_EXIT_CODES[f.verdict],
    summary: f.summary,
    ...(f.error ? { error: f.error } : {}),
    subject: {
      repo: f.options.repo ?? null,
      pr: f.options.pr ?? null,
      base_ref: f.base,
      base_sha: f.diff?.baseSha ?? null,
      merge_base_sha: f.diff?.mergeBaseSha ?? null,
      head_sha: f.diff?.headSha ?? null,
      diff_stats: f.diff?.stats ?? { files: 0, additions: 0, deletions: 0 },
      ...(f.declared ? { declared_change: f.declared } : {}),
    },
    produced_by: { tool: 'loki', version: lokiVersion(), started_at: f.startedAt.toISOString(), completed_at: new Date().toISOString() },
    dirty: f.dirty,
    ...(f.tree ? { tree: f.tree } : {}),
    gates: f.gates,
    findings: f.findings,
  };
  const parsed = EvidenceSchema.safeParse(evidence);
  if (!parsed.success) throw new LokiError('EVIDENCE_INVALID', `internal error: produced evidence fails its schema: ${parsed.error.message}`);
  return parsed.data;
}
