import { createHash } from 'node:crypto';
import { checkSyntax } from '../static/check-syntax.js';
import { baseSideFiles, compareWithBase } from '../static/compare-with-base.js';
import type { CheckResult } from '../static/diagnostic.js';
import { placeDiagnostics } from '../static/place-diagnostics.js';
import { runClippy, runGoVet, runPythonLint } from '../static/run-language-linters.js';
import { runLint } from '../static/run-lint.js';
import { runTypecheck } from '../static/run-typecheck.js';
import type { ToolCheckInput } from '../static/tool-input.js';
import type { Gate, GateContext, GateOutcome } from '../verify/gate.js';

/**
 * The project's own static checks — its type check (honouring its tsconfig), its linter, and the
 * obvious per-language parse checks — on the changed files. Findings on lines the change adds
 * count; others count only when the same check on the merge-base does not report them (a change
 * can break lines it never touched), and are otherwise reported as pre-existing.
 */
export const staticGate: Gate = {
  id: 'static',
  // The build gate installs missing dependencies; tsc and eslint come from them.
  dependsOn: ['build'],
  async run(ctx) {
    const input: ToolCheckInput = { cwd: ctx.cwd, files: ctx.diff.files, config: ctx.config, signal: ctx.signal, timeoutMs: ctx.timeoutMs, notes: [] };
    ctx.progress('type check');
    const typecheck = await runTypecheck(input);
    ctx.progress('lint');
    const lint = await runLint(input);
    const base = await compareProjectChecksWithBase(ctx, input, [...typecheck, ...lint.results]);
    if (base.note) input.notes.push(base.note);
    const results: CheckResult[] = [...typecheck, ...lint.results];
    results.push(...(await runPythonLint(input)), ...(await runGoVet(input)), ...(await runClippy(input)));
    ctx.progress('syntax');
    results.push(...(await checkSyntax({ ...input, mergeBaseSha: ctx.diff.mergeBaseSha, linted: new Set(lint.linted) })));
    return decide(ctx, results, input.notes);
  },
};

/** Type and lint errors the change causes in lines it never touched count too; only the base can tell. */
async function compareProjectChecksWithBase(ctx: GateContext, input: ToolCheckInput, results: CheckResult[]): Promise<{ note: string }> {
  if (results.length === 0 || results.some((r) => r.inconclusive)) return { note: '' };
  const rerun = async (dir: string): Promise<CheckResult[]> => {
    ctx.progress('type check and lint on the merge-base');
    const base: ToolCheckInput = { ...input, cwd: dir, files: baseSideFiles(input.files), notes: [] };
    // The same checks as on the head: a check the head did not run is not run on the base either.
    const typecheck = results.some((r) => r.name === 'typecheck') ? await runTypecheck({ ...base, files: input.files }) : [];
    const lint = results.some((r) => r.name === 'lint' || r.name === 'eslint') ? (await runLint(base)).results : [];
    return [...typecheck, ...lint];
  };
  return compareWithBase(ctx.cwd, ctx.diff.mergeBaseSha, ctx.diff.files, results, rerun);
}

async function decide(ctx: GateContext, results: CheckResult[], notes: readonly string[]): Promise<GateOutcome> {
  const noted = notes.length ? `; ${notes.join('; ')}` : '';
  if (results.length === 0) return { status: 'skipped', reason: `no static check applies to the changed files (no TypeScript, linter config, JavaScript, Python, Go, Rust, JSON or YAML changes)${noted}` };
  const findings = await placeDiagnostics(ctx.cwd, ctx.diff.files, results.flatMap((r) => r.diagnostics));
  const counted = findings.filter((f) => !f.preExisting);
  const high = counted.filter((f) => f.severity === 'high' || f.severity === 'critical');
  const inconclusive = results.filter((r) => r.inconclusive).map((r) => r.inconclusive!);
  const names = [...new Set(results.map((r) => r.name))].join(', ');
  const tally = `${counted.length} finding${counted.length === 1 ? '' : 's'} from the change, ${findings.length - counted.length} pre-existing`;
  const common = {
    command: results.map((r) => r.command).join(' && '),
    exitCode: results.find((r) => r.exitCode !== 0)?.exitCode ?? 0,
    counts: { findings: counted.length, files: ctx.diff.files.length },
    logSha256: createHash('sha256').update(results.map((r) => r.logSha256 ?? '').join('\n')).digest('hex'),
    steps: results.map((r) => ({ name: r.name, command: r.command, exit_code: r.exitCode, duration_ms: Math.round(r.durationMs) })),
    findings,
  };
  if (high.length > 0) {
    return { ...common, status: 'fail', reason: `${high.length} type or syntax error${high.length === 1 ? '' : 's'} introduced by the change (${tally}; ran ${names})${noted}${inconclusive.length ? `; also: ${inconclusive.join('; ')}` : ''}` };
  }
  if (inconclusive.length > 0) return { ...common, status: 'inconclusive', reason: `${inconclusive.join('; ')}${noted}` };
  return { ...common, status: 'pass', reason: `ran ${names}: ${tally}${noted}` };
}
