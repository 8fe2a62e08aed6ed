import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { LokiConfig } from '../config/schema.js';
import type { ChangedFile } from '../git/parse-diff.js';
import type { CheckResult } from './diagnostic.js';
import { exists, findLocalBin, findOnPath, firstExisting } from './find-tool.js';
import { parseEslintJson } from './parse-eslint-json.js';
import { parseLineDiagnostics, parseTscOutput } from './parse-diagnostics.js';
import { runCheckCommand } from './run-check-command.js';
import type { ProcessOptions } from './syntax-checkers.js';

export interface ToolCheckInput extends ProcessOptions {
  files: readonly ChangedFile[];
  config: LokiConfig;
  /** Optional tools that were not run, and why (reported in the gate's reason). */
  notes: string[];
}

const TS = /\.(?:ts|tsx|mts|cts)$/;
const JS = /\.(?:js|jsx|mjs|cjs)$/;
const TYPE_INPUTS = /(?:^|\/)(?:tsconfig[^/]*\.json|package\.json|package-lock\.json|pnpm-lock\.yaml|yarn\.lock)$/;
const LINTABLE = /\.(?:[cm]?[jt]sx?|vue|svelte)$/;
const ESLINT_CONFIGS = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts', '.eslintrc', '.eslintrc.js', '.eslintrc.cjs', '.eslintrc.json', '.eslintrc.yml', '.eslintrc.yaml'];

/** File arguments never start with "-": a hostile file name must not become an option. */
function asArg(path: string): string {
  return `./${path}`;
}

function live(files: readonly ChangedFile[], re: RegExp): string[] {
  return files.filter((f) => f.status !== 'deleted' && !f.binary && re.test(f.path)).map((f) => f.path);
}

/** The project's type check: `verify.commands.typecheck`, else tsc -p for each tsconfig the change touches. */
export async function runTypecheck(input: ToolCheckInput): Promise<CheckResult[]> {
  const custom = input.config.verify.commands.typecheck;
  const parse = (r: { stdout: string; stderr: string }) => [...parseTscOutput(r.stdout + '\n' + r.stderr, input.cwd)];
  if (custom) return [await runCheckCommand({ name: 'typecheck', file: custom, shell: true, findingExitCodes: 'any' }, input, (r) => parse(r))];
  const projects = new Set<string>();
  for (const file of input.files) {
    // Deleting a module or bumping a dependency can break files the change never touched.
    const trigger = TS.test(file.path) || TYPE_INPUTS.test(file.path) || (JS.test(file.path) && file.status !== 'deleted');
    if (!trigger) continue;
    const project = await nearestTsconfig(input.cwd, dirname(join(input.cwd, file.path)));
    if (project && (!JS.test(file.path) || (await checksJs(project)))) projects.add(project);
  }
  const results: CheckResult[] = [];
  for (const project of projects) {
    const tsc = await findLocalBin(input.cwd, dirname(project), 'tsc');
    const rel = relative(input.cwd, project);
    if (!tsc) {
      results.push({ name: 'typecheck', command: `tsc --noEmit -p ${rel}`, exitCode: null, durationMs: 0, diagnostics: [], inconclusive: `typecheck: ${rel} exists but the project's TypeScript is not installed (node_modules/.bin/tsc is missing): install the dependencies (npm ci), or set verify.commands.typecheck in .github/loki.yml` });
      continue;
    }
    results.push(await runCheckCommand({ name: 'typecheck', file: tsc, args: ['--noEmit', '--pretty', 'false', '-p', rel], findingExitCodes: [1, 2] }, input, (r) => parse(r)));
  }
  return results;
}

async function checksJs(tsconfig: string): Promise<boolean> {
  return /"(?:allowJs|checkJs)"\s*:\s*true/.test(await readFile(tsconfig, 'utf8').catch(() => ''));
}

async function nearestTsconfig(root: string, dir: string): Promise<string | undefined> {
  let current = dir;
  for (;;) {
    const candidate = join(current, 'tsconfig.json');
    if (await exists(candidate)) return candidate;
    if (current === root || !current.startsWith(root)) return undefined;
    current = dirname(current);
  }
}

/** The project's linter: `verify.commands.lint`, else eslint with the project's config on the changed files. */
export async function runLint(input: ToolCheckInput): Promise<{ results: CheckResult[]; linted: string[] }> {
  const custom = input.config.verify.commands.lint;
  if (custom) {
    const parse = (r: { stdout: string; stderr: string }) => parseEslintJson(r.stdout, input.cwd) ?? [...parseTscOutput(r.stdout + '\n' + r.stderr, input.cwd), ...parseLineDiagnostics(r.stdout + '\n' + r.stderr, input.cwd, 'lint')];
    return { results: [await runCheckCommand({ name: 'lint', file: custom, shell: true, findingExitCodes: 'any' }, input, parse)], linted: [] };
  }
  const files = live(input.files, LINTABLE);
  if (files.length === 0 || !(await hasEslintConfig(input.cwd))) return { results: [], linted: [] };
  const eslint = await findLocalBin(input.cwd, input.cwd, 'eslint');
  if (!eslint) {
    return { results: [{ name: 'lint', command: 'eslint', exitCode: null, durationMs: 0, diagnostics: [], inconclusive: 'lint: the project configures eslint but node_modules/.bin/eslint is missing: install the dependencies (npm ci), or set verify.commands.lint in .github/loki.yml' }], linted: [] };
  }
  const result = await runCheckCommand({ name: 'eslint', file: eslint, args: ['--format', 'json', ...files.map(asArg)] }, input, (r) => parseEslintJson(r.stdout, input.cwd));
  return { results: [result], linted: result.inconclusive ? [] : files };
}

async function hasEslintConfig(root: string): Promise<boolean> {
  if (await firstExisting(root, ESLINT_CONFIGS)) return true;
  const pkg = await readFile(join(root, 'package.json'), 'utf8').catch(() => '');
  return /"eslintConfig"\s*:/.test(pkg);
}

/** ruff, else flake8, on changed Python files — only when installed (they are optional). */
export async function runPythonLint(input: ToolCheckInput): Promise<CheckResult[]> {
  const files = live(input.files, /\.py$/);
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
  if (live(input.files, /\.go$/).length === 0 || !(await exists(join(input.cwd, 'go.mod')))) return [];
  const go = await findOnPath('go');
  if (!go) {
    input.notes.push('go vet not run (Go is not installed)');
    return [];
  }
  return [await runCheckCommand({ name: 'go vet', file: go, args: ['vet', './...'] }, input, (r) => parseLineDiagnostics(r.stderr + '\n' + r.stdout, input.cwd, 'go vet'))];
}

/** `cargo clippy` when clippy is installed and the change touches a Cargo project. */
export async function runClippy(input: ToolCheckInput): Promise<CheckResult[]> {
  if (live(input.files, /\.rs$/).length === 0 || !(await exists(join(input.cwd, 'Cargo.toml')))) return [];
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
