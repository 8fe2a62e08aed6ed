import { runnerOfSegment, splitShellSegments } from './identify-test-runner.js';
import { detectedCommand } from './tool-command.js';
import type { PackageManager, TestRunner, ToolCommand } from './toolchain.js';

/** Lint, format and type-check tools: steps of a test script the tests gate leaves to the static gate. */
const CHECK_TOOLS = new Set(['xo', 'eslint', 'prettier', 'standard', 'semistandard', 'ts-standard', 'tsd', 'biome', 'oxlint', 'stylelint', 'markdownlint', 'markdownlint-cli2', 'dprint', 'publint', 'attw']);
/** A command of plain words: no quotes, variables, globs, redirections or assignments. */
const PLAIN_WORDS = /^[A-Za-z0-9_@./:,+-]+(?:[ \t]+[A-Za-z0-9_@./:,=+-]+)*$/;

export interface DirectRunnerStep {
  runner: TestRunner;
  /** The runner's step alone, through the package manager's exec (node_modules/.bin on PATH, no install). */
  command: ToolCommand;
  /** The step's text, to fit the reporter to. */
  text: string;
  /** The steps left out (lint, format, type checks). */
  skipped: string[];
}

/**
 * A test script that calls its runner directly among check tools (`"test": "xo && ava && tsd"`, a
 * common layout): the runner's step runs alone, so a lint failure is not a test failure and the
 * reporter reaches the runner. Only when the list is `&&`/`;` steps (no pipe, no `||`), exactly one
 * step runs a test runner and is plain words, and every other step is a known check tool; anything
 * else (a build step such as `tsc && ava`, whose tests may need it) runs as the whole script.
 */
export function directRunnerStep(pm: PackageManager, text: string): DirectRunnerStep | undefined {
  // Yarn has no exec that both of its lines (classic and berry) share: its scripts run whole.
  if (pm === 'yarn' || text.includes('|')) return undefined;
  const steps = splitShellSegments(text);
  if (steps.length < 2) return undefined;
  const runners = steps.filter((step) => runnerOfSegment(step) !== 'unknown');
  const step = runners.length === 1 ? runners[0]! : undefined;
  if (!step || !PLAIN_WORDS.test(step)) return undefined;
  const others = steps.filter((s) => s !== step);
  if (!others.every(isCheckTool)) return undefined;
  const words = step.split(/[ \t]+/);
  const argv = words[0] === 'npx' ? words.slice(1) : words;
  if (argv.length === 0 || argv[0]!.startsWith('-')) return undefined;
  return { runner: runnerOfSegment(step), command: execCommand(pm, argv), text: argv.join(' '), skipped: others };
}

function isCheckTool(step: string): boolean {
  const words = step.trim().split(/\s+/);
  const tool = words[0] === 'npx' ? words[1] : words[0];
  if (tool === 'tsc') return words.includes('--noEmit');
  return tool !== undefined && CHECK_TOOLS.has(tool);
}

function execCommand(pm: 'npm' | 'pnpm', argv: string[]): ToolCommand {
  return pm === 'pnpm' ? detectedCommand('pnpm', ['exec', ...argv]) : detectedCommand('npm', ['exec', '--no', '--', ...argv]);
}
