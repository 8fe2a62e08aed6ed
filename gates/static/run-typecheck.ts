import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { CheckResult } from './diagnostic.js';
import { exists, findLocalBin } from './find-tool.js';
import { parseLineDiagnostics, parseTscOutput } from './parse-diagnostics.js';
import { runCheckCommand } from './run-check-command.js';
import type { ToolCheckInput } from './tool-input.js';

const TS = /\.(?:ts|tsx|mts|cts)$/;
const JS = /\.(?:js|jsx|mjs|cjs)$/;
const TYPE_INPUTS = /(?:^|\/)(?:tsconfig[^/]*\.json|package\.json|package-lock\.json|pnpm-lock\.yaml|yarn\.lock)$/;

/** The project's type check: `verify.commands.typecheck`, else tsc -p for each tsconfig the change touches. */
export async function runTypecheck(input: ToolCheckInput): Promise<CheckResult[]> {
  const custom = input.config.verify.commands.typecheck;
  const parse = (r: { stdout: string; stderr: string }) => parseTscOutput(r.stdout + '\n' + r.stderr, input.cwd);
  if (custom) {
    // A configured type checker may be tsc, or mypy/pyright/go build with `file:line: error: …` lines.
    const parseAny = (r: { stdout: string; stderr: string }) => {
      const tsc = parse(r);
      return tsc.length ? tsc : parseLineDiagnostics(r.stdout + '\n' + r.stderr, input.cwd, 'typecheck', 'type');
    };
    return [await runCheckCommand({ name: 'typecheck', file: custom, shell: true, findingExitCodes: 'any' }, input, parseAny)];
  }
  const projects = new Set<string>();
  const orphans: string[] = [];
  for (const file of input.files) {
    // Deleting a module or bumping a dependency can break files the change never touched.
    const trigger = TS.test(file.path) || TYPE_INPUTS.test(file.path) || (JS.test(file.path) && file.status !== 'deleted');
    if (!trigger) continue;
    const project = await nearestTsconfig(input.cwd, dirname(join(input.cwd, file.path)));
    if (project && (!JS.test(file.path) || (await checksJs(project)))) projects.add(project);
    if (!project && TS.test(file.path) && file.status !== 'deleted') orphans.push(file.path);
  }
  if (orphans.length) {
    const shown = orphans.slice(0, 5).join(', ') + (orphans.length > 5 ? ` and ${orphans.length - 5} more` : '');
    input.notes.push(`not type-checked (no tsconfig.json above them; set verify.commands.typecheck to check them): ${shown}`);
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

