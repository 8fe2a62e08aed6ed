import type { TestCase } from '../checks/tests-data.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandResult } from '../core/run-command.js';
import type { TestPlan, ToolCommand, Toolchain } from '../toolchain/toolchain.js';
import { appendToRunner } from './append-to-runner.js';
import { counted, fromOutput, type CollectedCases } from './collected-cases.js';
import { findJvmReports } from './find-jvm-reports.js';
import { prepareNodeTestReporter, type ProjectReporters } from './node-test-reporter.js';
import { parseCargoTestOutput } from './parse-cargo-test-output.js';
import { parseGoTestJson } from './parse-go-test-json.js';
import { parseJestJson } from './parse-jest-json.js';
import { parseNodeTestEvents } from './parse-node-test-events.js';
import { planTapRun } from './plan-tap-run.js';

export type { CollectedCases } from './collected-cases.js';

export interface TestRunPlan {
  /** The project's test command with Loki's reporter added where the runner allows it. */
  command: ToolCommand;
  /** Extra environment (reporters injected through NODE_OPTIONS / PYTEST_ADDOPTS). */
  env: Record<string, string>;
  collect(result: CommandResult, startedAt: number): Promise<CollectedCases>;
}

/**
 * Plans one test run with a machine-readable reporter: node:test and pytest through the
 * environment (works however deep the call is), vitest/jest/mocha by appending arguments to the
 * command that ends in the runner, ava/tape TAP and uvu's report on stdout (plan-tap-run.ts),
 * `go test -json`, cargo's own output, JVM XML reports on disk.
 */
export async function planTestRun(toolchain: Toolchain, test: TestPlan, reportDir: string): Promise<TestRunPlan> {
  const root = toolchain.root;
  const env: Record<string, string> = {};
  const line = test.script?.text ?? (test.command.shell ? test.command.file : undefined);
  const reporters = projectReporters(line);
  const clash = typeof reporters === 'string' && reporters.startsWith('could not') ? reporters : undefined;
  const wantsNode = test.runner === 'node-test' || test.runner === 'unknown';
  const nodeEvents = wantsNode && !clash ? await prepareNodeTestReporter(reportDir, reporters as ProjectReporters) : undefined;
  if (nodeEvents) Object.assign(env, nodeEvents.env);
  const pytestXml = join(reportDir, 'pytest-junit.xml');
  if (test.runner === 'pytest' || test.runner === 'unknown') {
    env.PYTEST_ADDOPTS = [process.env.PYTEST_ADDOPTS, `--junitxml=${pytestXml}`, '-o junit_family=xunit1', '-p no:cacheprovider'].filter(Boolean).join(' ');
  }
  const readNodeEvents = async () => (nodeEvents ? parseNodeTestEvents(await readOptional(nodeEvents.eventsPath), root) : []);
  const readPytest = async () => readJunitCases(await readOptional(pytestXml), root);

  switch (test.runner) {
    case 'node-test':
      if (clash) return { command: test.command, env, collect: async () => ({ runner: 'node-test', why: clash }) };
      return {
        command: test.command,
        env,
        collect: async (result) => (injectionBroke(result) ? { runner: 'node-test', why: INJECTION_BROKE, interfered: true } : counted('node-test', await readNodeEvents(), 'node:test reported no events')),
      };
    case 'pytest':
      return { command: test.command, env, collect: async () => counted('pytest', await readPytest(), 'pytest wrote no JUnit report') };
    case 'vitest':
    case 'jest':
    case 'mocha':
      return planAppended(toolchain, test, reportDir, env);
    case 'ava':
    case 'tape':
    case 'uvu':
      return planTapRun(toolchain, test, env);
    case 'go-test':
      return planGo(test, env);
    case 'cargo-test':
      return { command: test.command, env, collect: async (result) => fromOutput('cargo-test', result) ?? counted('cargo-test', parseCargoTestOutput(result.log), 'cargo printed no test results') };
    case 'maven-surefire':
    case 'gradle-test':
      return {
        command: test.command,
        env,
        collect: async (_result, startedAt) => {
          const xml = await findJvmReports(root, startedAt);
          const reports = await Promise.all(xml.map(async (f) => readJunitCases(await readOptional(f), root)));
          return counted(test.runner, reports.includes(undefined) ? undefined : reports.flat() as TestCase[], 'no JUnit XML reports were written under target/surefire-reports or build/test-results');
        },
      };
    case 'unknown':
      return {
        command: test.command,
        env,
        collect: async (result) => {
          if (injectionBroke(result)) return { runner: 'unknown', why: INJECTION_BROKE, interfered: true };
          // An unknown wrapper may still call node:test or pytest underneath: their reporters ride along.
          const node = await readNodeEvents();
          if (node.length > 0) return { runner: 'node-test', cases: node };
          const py = await readPytest();
          if (py?.length) return { runner: 'pytest', cases: py };
          return { runner: 'unknown', why: `could not count test cases: unknown runner behind \`${test.command.display}\`${test.script ? ` (script "${test.script.name}": ${test.script.text})` : ''}; Loki counts the cases of node --test, vitest, jest, mocha, ava, tape, uvu, pytest, go test, cargo test and Maven/Gradle: if the tests run on one of them behind a wrapper, set verify.commands.test to the command that runs it` };
        },
      };
  }
}

/** fast-xml-parser loads when a JUnit report is read, not at start-up for runners that write none. */
async function readJunitCases(xml: string, root: string): Promise<TestCase[] | undefined> {
  return (await import('./parse-junit-xml.js')).parseJunitXml(xml, root);
}

const INJECTION_BROKE =
  "could not count test cases: node refused Loki's node:test reporter (a Node version without --test-reporter in NODE_OPTIONS, or --test-reporter flags without destinations); use Node >= 20, give each --test-reporter a --test-reporter-destination, or set verify.commands.test";

/**
 * How the command line pairs node:test's --test-reporter with --test-reporter-destination (node
 * counts NODE_OPTIONS and the command line together, so Loki must fit its reporter in), or why
 * Loki has to stay out.
 */
function projectReporters(line: string | undefined): ProjectReporters | string {
  if (!line) return 'none';
  const reporters = (line.match(/--test-reporter(?=[=\s])/g) ?? []).length;
  const destinations = (line.match(/--test-reporter-destination\b/g) ?? []).length;
  if (reporters === 0 && destinations === 0) return 'none';
  if (reporters === destinations) return 'paired';
  if (reporters === 1 && destinations === 0) return 'default-destination';
  return `could not count test cases: \`${line}\` names ${reporters} --test-reporter and ${destinations} --test-reporter-destination, so Loki cannot fit its own reporter in; give each reporter a destination`;
}

function injectionBroke(result: CommandResult): boolean {
  // Old Node versions refuse the flags in NODE_OPTIONS outright; newer ones refuse unpaired reporters.
  return result.exitCode !== 0 && /must match the number of specified '--test-reporter-destination'|--test-reporter[^\n]*is not allowed in NODE_OPTIONS/.test(result.log);
}

const APPENDED_ARGS: Record<'vitest' | 'jest' | 'mocha', (file: string) => string[]> = {
  vitest: (file) => ['--reporter=default', '--reporter=junit', `--outputFile.junit=${file}`],
  jest: (file) => ['--json', `--outputFile=${file}`],
  mocha: (file) => ['--reporter=xunit', `--reporter-option=output=${file}`],
};

function planAppended(toolchain: Toolchain, test: TestPlan, reportDir: string, env: Record<string, string>): TestRunPlan {
  const runner = test.runner as 'vitest' | 'jest' | 'mocha';
  const report = join(reportDir, runner === 'jest' ? 'jest.json' : `${runner}-junit.xml`);
  const appended = appendToRunner(test, runner, APPENDED_ARGS[runner](report));
  if (typeof appended === 'string') return { command: test.command, env, collect: async () => ({ runner, why: `could not count test cases: ${appended}, or set verify.commands.test` }) };
  return {
    command: appended,
    env,
    collect: async () => {
      const text = await readOptional(report);
      const cases = runner === 'jest' ? parseJestJson(text, toolchain.root) : await readJunitCases(text, toolchain.root);
      if (cases === undefined) return { runner, why: `could not count test cases: ${runner}'s report at ${report} is missing or unreadable` };
      return counted(runner, cases, `${runner} wrote no test cases to its report`);
    },
  };
}

function planGo(test: TestPlan, env: Record<string, string>): TestRunPlan {
  let command = test.command;
  if (!command.shell && command.args[0] === 'test' && !command.args.includes('-json')) {
    command = { ...command, args: ['test', '-json', ...command.args.slice(1)], display: [command.file, 'test', '-json', ...command.args.slice(1)].join(' ') };
  } else if (command.shell && (command.file.match(/\bgo\s+test\b/g) ?? []).length === 1 && !/-json\b/.test(command.file)) {
    const text = command.file.replace(/\bgo\s+test\b/, 'go test -json');
    command = { ...command, file: text, display: text };
  }
  return { command, env, collect: async (result) => fromOutput('go-test', result) ?? counted('go-test', parseGoTestJson(result.stdout), 'go test reported no tests (no test files?)') };
}

async function readOptional(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}
