import { projectCommandEnv } from '../core/project-command-env.js';
import { plainOutput } from '../core/plain-output.js';
import { describeFailure, describeTruncation, runCommand, type CommandResult } from '../core/run-command.js';
import type { CheckResult, Diagnostic } from './diagnostic.js';
import type { ProcessOptions } from './syntax-checkers.js';

export interface CommandSpec {
  name: string;
  file: string;
  args?: readonly string[];
  /** Commands from the repository's own config run through the shell. */
  shell?: boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that mean "ran and found problems" rather than "could not run". */
  findingExitCodes?: readonly number[] | 'any';
}

export type ParseOutput = (result: CommandResult) => Diagnostic[] | undefined;

/**
 * Runs one static-check command and turns its output into diagnostics. A command that did not
 * finish, exited with a code that means "could not run", or failed without a diagnostic Loki can
 * place, is inconclusive — never a pass.
 */
export async function runCheckCommand(spec: CommandSpec, options: ProcessOptions, parse: ParseOutput): Promise<CheckResult> {
  // Type checkers and linters load the project's configs and plugins: project code, so no credentials.
  const env = projectCommandEnv(process.env, spec.env);
  const result = plainOutput(await runCommand(spec.file, spec.args ?? [], { ...options, cwd: spec.cwd ?? options.cwd, shell: spec.shell ?? false, env, replaceEnv: true, sandbox: { purpose: 'check' } }));
  const base = { name: spec.name, command: result.command, exitCode: result.exitCode, durationMs: result.durationMs, logSha256: result.logSha256 };
  if (result.spawnError || result.timedOut || result.cancelled || result.exitCode === null) {
    return { ...base, diagnostics: [], inconclusive: `${spec.name}: ${describeFailure(result)}` };
  }
  const cut = describeTruncation(result);
  // Diagnostics in the part that was dropped would be missing: a cut report is never a clean one.
  if (cut) return { ...base, diagnostics: parse(result) ?? [], inconclusive: `${spec.name}: ${cut}; run it on fewer files or fix the flood of diagnostics` };
  const diagnostics = parse(result);
  if (diagnostics === undefined) {
    return { ...base, diagnostics: [], inconclusive: `${spec.name}: could not read the output of \`${result.command}\` (exit ${result.exitCode}): ${firstLine(result.log)}` };
  }
  const failed = result.exitCode !== 0;
  const allowed = spec.findingExitCodes ?? [1];
  if (failed && allowed !== 'any' && !allowed.includes(result.exitCode)) {
    return { ...base, diagnostics, inconclusive: `${spec.name}: \`${result.command}\` could not run (exit ${result.exitCode}): ${firstLine(result.log)}` };
  }
  if (failed && !diagnostics.some((d) => d.kind !== 'warning')) {
    return { ...base, diagnostics, inconclusive: `${spec.name}: \`${result.command}\` exited ${result.exitCode} without a diagnostic Loki can place on a file and line: ${firstLine(result.log)}` };
  }
  return { ...base, diagnostics };
}

function firstLine(text: string): string {
  const line = text.split('\n').map((l) => l.trim()).find(Boolean) ?? '(no output)';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
