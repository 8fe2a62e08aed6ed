import { join } from 'node:path';
import type { CheckResult } from './diagnostic.js';
import { exists, findOnPath } from './find-tool.js';
import { parseLineDiagnostics } from './parse-diagnostics.js';
import { runCheckCommand } from './run-check-command.js';
import { asArg, liveFiles, type ToolCheckInput } from './tool-input.js';

/** ruff, else flake8, on changed Python files — only when installed (they are optional). */
export async function runPythonLint(input: ToolCheckInput): Promise<CheckResult[]> {
  const files = liveFiles(input.files, /\.py$/);
  if (files.length === 0) return [];
  const ruff = await findOnPath('ruff');
  if (ruff) {
    return [await runCheckCommand({ name: 'ruff', file: ruff, args: ['check', '--no-fix', '--output-format', 'concise', ...files.map(asArg)] }, input, (r) => parseLineDiagnostics(r.stdout, input.cwd, 'ruff'))];
  }
  const flake8 = await findOnPath('flake8');
  if (flake8) return [await runCheckCommand({ name: 'flake8', file: flake8, args: files.map(asArg) }, input, (r) => parseLineDiagnostics(r.stdout, input.cwd, 'flake8'))];
  input.notes.push('no Python linter (ruff or flake8 is not installed)');
  return [];
}

/** `go vet ./...` when Go is installed and the change touches a Go module. */
export async function runGoVet(input: ToolCheckInput): Promise<CheckResult[]> {
  if (liveFiles(input.files, /\.go$/).length === 0 || !(await exists(join(input.cwd, 'go.mod')))) return [];
  const go = await findOnPath('go');
  if (!go) {
    input.notes.push('go vet not run (Go is not installed)');
    return [];
  }
  return [await runCheckCommand({ name: 'go vet', file: go, args: ['vet', './...'] }, input, (r) => parseLineDiagnostics(r.stderr + '\n' + r.stdout, input.cwd, 'go vet'))];
}

/** `cargo clippy` when clippy is installed and the change touches a Cargo project. */
export async function runClippy(input: ToolCheckInput): Promise<CheckResult[]> {
  if (liveFiles(input.files, /\.rs$/).length === 0 || !(await exists(join(input.cwd, 'Cargo.toml')))) return [];
  const cargo = await findOnPath('cargo');
  const probe = cargo ? await runCheckCommand({ name: 'clippy probe', file: cargo, args: ['clippy', '--version'] }, input, () => []) : undefined;
  if (!cargo || !probe || probe.inconclusive || probe.exitCode !== 0) {
    input.notes.push('cargo clippy not run (clippy is not installed)');
    return [];
  }
  return [
    await runCheckCommand(
      { name: 'cargo clippy', file: cargo, args: ['clippy', '--quiet', '--message-format', 'short', '--all-targets'], findingExitCodes: [101] },
      input,
      (r) => parseLineDiagnostics(r.stderr + '\n' + r.stdout, input.cwd, 'clippy'),
    ),
  ];
}
