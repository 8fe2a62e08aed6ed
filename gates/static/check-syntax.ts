import { readFile } from 'node:fs/promises';
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
}

/** Files that allow comments although they end in .json. */
const JSONC = /(?:^|\/)(?:tsconfig[^/]*|jsconfig[^/]*|\.eslintrc)\.json$|(?:^|\/)\.(?:vscode|devcontainer)\/|\.jsonc$/;
const MAX_FILES = 500;

/**
 * The obvious per-language checks on changed files: JSON, YAML, JavaScript and Python must parse.
 * A file that failed to parse on the base as well is reported as pre-existing.
 */
export async function checkSyntax(input: SyntaxCheckInput): Promise<CheckResult[]> {
  const live = input.files.filter((f) => !f.binary && f.status !== 'deleted').slice(0, MAX_FILES);
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
    results.push(await runInProcess('node --check', scripts, input, async (text, path) => checkJavaScript(text, await moduleType(input.cwd, path), input)));
  }
  const py = pick(/\.py$/);
  if (py.length) results.push(await checkPythonFiles(py, input));
  return results;
}

type Check = (text: string, path: string) => Promise<SyntaxProblem | undefined>;

async function runInProcess(name: string, files: readonly ChangedFile[], input: SyntaxCheckInput, check: Check): Promise<CheckResult> {
  const started = Date.now();
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const text = await readFile(join(input.cwd, file.path), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const problem = await check(text, file.path);
    if (!problem) continue;
    const base = await showFile(input.cwd, input.mergeBaseSha, file.oldPath ?? file.path);
    const preExisting = base !== undefined && (await check(base, file.path)) !== undefined;
    diagnostics.push(toDiagnostic(name, file.path, problem, preExisting));
  }
  return { name, command: `${name} (${files.length} file${files.length === 1 ? '' : 's'})`, exitCode: diagnostics.length ? 1 : 0, durationMs: Date.now() - started, diagnostics };
}

async function checkPythonFiles(files: readonly ChangedFile[], input: SyntaxCheckInput): Promise<CheckResult> {
  const started = Date.now();
  const name = 'python3 compile';
  const python = await findOnPath('python3');
  if (!python) {
    return { name, command: name, exitCode: null, durationMs: 0, diagnostics: [], inconclusive: 'the change touches Python files but python3 is not installed (install python3 so Loki can check their syntax)' };
  }
  const texts = await Promise.all(files.map((f) => readFile(join(input.cwd, f.path), 'utf8').catch(() => '')));
  const problems = await checkPython(python, texts, input);
  const diagnostics: Diagnostic[] = [];
  for (const [i, file] of files.entries()) {
    const problem = problems[i];
    if (!problem) continue;
    const base = await showFile(input.cwd, input.mergeBaseSha, file.oldPath ?? file.path);
    const preExisting = base !== undefined && (await checkPython(python, [base], input))[0] !== undefined;
    diagnostics.push(toDiagnostic(name, file.path, problem, preExisting));
  }
  return { name, command: `${python} -c <compile> (${files.length} file${files.length === 1 ? '' : 's'})`, exitCode: diagnostics.length ? 1 : 0, durationMs: Date.now() - started, diagnostics };
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
