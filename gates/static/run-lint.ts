import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckResult } from './diagnostic.js';
import { findLocalBin, firstExisting } from './find-tool.js';
import { parseEslintJson } from './parse-eslint-json.js';
import { parseLineDiagnostics, parseTscOutput } from './parse-diagnostics.js';
import { runCheckCommand } from './run-check-command.js';
import { asArg, liveFiles, type ToolCheckInput } from './tool-input.js';

const LINTABLE = /\.(?:[cm]?[jt]sx?|vue|svelte)$/;
const ESLINT_CONFIGS = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts', '.eslintrc', '.eslintrc.js', '.eslintrc.cjs', '.eslintrc.json', '.eslintrc.yml', '.eslintrc.yaml'];

/** The project's linter: `verify.commands.lint`, else eslint with the project's config on the changed files. */
export async function runLint(input: ToolCheckInput): Promise<{ results: CheckResult[]; linted: string[] }> {
  const custom = input.config.verify.commands.lint;
  if (custom) {
    const parse = (r: { stdout: string; stderr: string }) => parseEslintJson(r.stdout, input.cwd) ?? [...parseTscOutput(r.stdout + '\n' + r.stderr, input.cwd), ...parseLineDiagnostics(r.stdout + '\n' + r.stderr, input.cwd, 'lint')];
    return { results: [await runCheckCommand({ name: 'lint', file: custom, shell: true, findingExitCodes: 'any' }, input, parse)], linted: [] };
  }
  const files = liveFiles(input.files, LINTABLE);
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

