import { lstat, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { showFile } from '../git/git.js';
import type { ChangedFile } from '../git/parse-diff.js';
import type { CheckResult, Diagnostic } from './diagnostic.js';
import { findOnPath } from './find-tool.js';
import { checkJavaScript, checkJson, checkPython, checkYaml, type ModuleType, type ProcessOptions, type SyntaxProblem } from './syntax-checkers.js';

export interface SyntaxCheckInput extends ProcessOptions {
  files: readonly ChangedFile[];
  mergeBaseSha: string;
  /** JS files a linter already parsed: no need to check them twice. */
  linted: ReadonlySet<string>;
  /** JavaScript files checked at most (each costs a `node --check` process); default MAX_SCRIPT_FILES. */
  maxScriptFiles?: number;
  /** Where the check notes what it left out on purpose (reported in the gate's reason). */
  notes?: string[];
}

/** Files that allow comments although they end in .json. */
const JSONC = /(?:^|\/)(?:tsconfig[^/]*|jsconfig[^/]*|\.eslintrc)\.json$|(?:^|\/)\.(?:vscode|devcontainer)\/|\.jsonc$/;
/** `node --check` runs a process per file: beyond this many, the rest are named as unchecked. */
export const MAX_SCRIPT_FILES = 500;

/**
 * The obvious per-language checks on changed files: JSON, YAML, JavaScript and Python must parse.
 * A file that failed to parse on the base as well is reported as pre-existing. JSON, YAML and
 * Python are read in one process each, every file of them; JavaScript stops at a cap, and a
 * check that stopped (or could not read a file) says which files it left unchecked and is
 * inconclusive, never a pass.
 */
export async function checkSyntax(input: SyntaxCheckInput): Promise<CheckResult[]> {
  const candidates = input.files.filter((f) => !f.binary && f.status !== 'deleted');
  // A symlink's content is the path it points to, which may be anywhere on the machine: its target
  // is not part of the change (a target inside the repository is checked as a file of its own).
  const links = await Promise.all(candidates.map(async (f) => (await lstat(join(input.cwd, f.path)).catch(() => undefined))?.isSymbolicLink() ?? false));
  const live = candidates.filter((_, i) => !links[i]);
  const linked = candidates.filter((_, i) => links[i]).map((f) => f.path);
  if (linked.length) input.notes?.push(`symlinks not followed by the syntax checks: ${listed(linked)}`);
  const pick = (re: RegExp) => live.filter((f) => re.test(f.path));
  const results: CheckResult[] = [];
  const json = pick(/\.json$/).filter((f) => !JSONC.test(f.path));
  if (json.length) results.push(await runInProcess('JSON parse', json, input, async (t) => checkJson(t)));
  const yaml = pick(/\.ya?ml$/);
  if (yaml.length) results.push(await runInProcess('YAML parse', yaml, input, async (t) => checkYaml(t)));
  const js = pick(/\.(?:js|mjs|cjs)$/).filter((f) => !input.linted.has(f.path));
  const jsx = await usesJsxTooling(input.cwd);
  const scripts = jsx ? js.filter((f) => !f.path.endsWith('.js')) : js;
  if (scripts.length) {
    const cap = input.maxScriptFiles ?? MAX_SCRIPT_FILES;
    const result = await runInProcess('node --check', scripts.slice(0, cap), input, async (text, path) => checkJavaScript(text, await moduleType(input.cwd, path), input));
    const left = scripts.slice(cap).map((f) => f.path);
    results.push(left.length ? withUnchecked(result, `checked ${cap} of ${scripts.length} JavaScript files (the cap is ${cap}); not checked: ${listed(left)}`) : result);
  }
  const py = pick(/\.py$/);
  if (py.length) results.push(await checkPythonFiles(py, input));
  return results;
}

type Check = (text: string, path: string) => Promise<SyntaxProblem | undefined>;

async function runInProcess(name: string, files: readonly ChangedFile[], input: SyntaxCheckInput, check: Check): Promise<CheckResult> {
  const started = Date.now();
  const diagnostics: Diagnostic[] = [];
  const unread: string[] = [];
  for (const file of files) {
    const text = await readRegularFile(input.cwd, file.path);
    if (text === undefined) {
      unread.push(file.path);
      continue;
    }
    const problem = await check(text, file.path);
    if (!problem) continue;
    const base = await showFile(input.cwd, input.mergeBaseSha, file.oldPath ?? file.path);
    const preExisting = base !== undefined && (await check(base, file.path)) !== undefined;
    diagnostics.push(toDiagnostic(name, file.path, problem, preExisting));
  }
  const result: CheckResult = { name, command: `${name} (${files.length - unread.length} file${files.length - unread.length === 1 ? '' : 's'})`, exitCode: diagnostics.length ? 1 : 0, durationMs: Date.now() - started, diagnostics };
  return unread.length ? withUnchecked(result, `could not read ${unread.length} of ${files.length} files as regular files in the checkout; not checked: ${listed(unread)}`) : result;
}

/** A file's text, or undefined when it is not a regular file of the checkout (missing, a symlink, a folder). */
async function readRegularFile(root: string, path: string): Promise<string | undefined> {
  const full = join(root, path);
  // Never through a symlink: a parse error would quote whatever it points to.
  const stat = await lstat(full).catch(() => undefined);
  if (!stat?.isFile()) return undefined;
  return readFile(full, 'utf8').catch(() => undefined);
}

function withUnchecked(result: CheckResult, why: string): CheckResult {
  const inconclusive = `${result.name}: ${why}`;
  return { ...result, inconclusive: result.inconclusive ? `${result.inconclusive}; ${inconclusive}` : inconclusive };
}

function listed(paths: readonly string[]): string {
  const shown = paths.slice(0, 5).join(', ');
  return paths.length > 5 ? `${shown} and ${paths.length - 5} more` : shown;
}

async function checkPythonFiles(files: readonly ChangedFile[], input: SyntaxCheckInput): Promise<CheckResult> {
  const started = Date.now();
  const name = 'python3 compile';
  const python = await findOnPath('python3');
  if (!python) {
    return { name, command: name, exitCode: null, durationMs: 0, diagnostics: [], inconclusive: 'the change touches Python files but python3 is not installed (install python3 so Loki can check their syntax)' };
  }
  const read = await Promise.all(files.map(async (f) => ({ file: f, text: await readRegularFile(input.cwd, f.path) })));
  const readable = read.filter((r): r is { file: ChangedFile; text: string } => r.text !== undefined);
  const unread = read.filter((r) => r.text === undefined).map((r) => r.file.path);
  const problems = readable.length ? await checkPython(python, readable.map((r) => r.text), input) : [];
  const diagnostics: Diagnostic[] = [];
  for (const [i, { file }] of readable.entries()) {
    const problem = problems[i];
    if (!problem) continue;
    const base = await showFile(input.cwd, input.mergeBaseSha, file.oldPath ?? file.path);
    const preExisting = base !== undefined && (await checkPython(python, [base], input))[0] !== undefined;
    diagnostics.push(toDiagnostic(name, file.path, problem, preExisting));
  }
  const result: CheckResult = { name, command: `${python} -c <compile> (${readable.length} file${readable.length === 1 ? '' : 's'})`, exitCode: diagnostics.length ? 1 : 0, durationMs: Date.now() - started, diagnostics };
  return unread.length ? withUnchecked(result, `could not read ${unread.length} of ${files.length} files as regular files in the checkout; not checked: ${listed(unread)}`) : result;
}

function toDiagnostic(tool: string, file: string, problem: SyntaxProblem, preExisting: boolean): Diagnostic {
  return { tool, file, ...(problem.line ? { line: problem.line } : {}), code: 'syntax', message: problem.message, kind: 'syntax', preExisting };
}

/** .mjs/.cjs say it; a .js file follows the nearest package.json "type". */
async function moduleType(root: string, path: string): Promise<ModuleType> {
  if (path.endsWith('.mjs')) return 'module';
  if (path.endsWith('.cjs')) return 'commonjs';
  let dir = dirname(join(root, path));
  while (dir.startsWith(root)) {
    const text = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
    if (text !== undefined) {
      try {
        const type: unknown = (JSON.parse(text) as { type?: unknown }).type;
        return type === 'module' ? 'module' : type === 'commonjs' ? 'commonjs' : 'either';
      } catch {
        return 'either';
      }
    }
    if (dir === root) break;
    dir = dirname(dir);
  }
  return 'either';
}

/** JSX or Flow in .js files needs a compiler: `node --check` would call valid files broken. */
async function usesJsxTooling(root: string): Promise<boolean> {
  const text = await readFile(join(root, 'package.json'), 'utf8').catch(() => '');
  return /"(?:react|preact|solid-js|@babel\/core|flow-bin)"\s*:/.test(text);
}
