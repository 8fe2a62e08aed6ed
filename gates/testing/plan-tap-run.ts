import type { CommandResult } from '../core/run-command.js';
import { identifyTestRunner } from '../toolchain/identify-test-runner.js';
import type { TestPlan, Toolchain } from '../toolchain/toolchain.js';
import type { TapCases } from './parse-tape-tap.js';
import { uncaughtError } from './uncaught-error.js';
import { appendToRunner } from './append-to-runner.js';
import { counted, fromOutput, type CollectedCases } from './collected-cases.js';
import type { TestRunPlan } from './plan-test-run.js';

type StdoutRunner = 'ava' | 'tape' | 'uvu';

/**
 * The runners counted from what they print on stdout: tape (TAP by default), ava (TAP with
 * `--tap`, which Loki appends when ava ends the command; a project whose ava config says
 * `"tap": true` prints TAP wherever ava stands) and uvu (its own report: it has no TAP reporter).
 */
export function planTapRun(toolchain: Toolchain, test: TestPlan, env: Record<string, string>): TestRunPlan {
  const runner = test.runner as StdoutRunner;
  const line = test.script?.text ?? test.command.file;
  const appended = runner === 'ava' ? appendToRunner(test, 'ava', ['--tap']) : undefined;
  const command = appended && typeof appended !== 'string' ? appended : test.command;
  // Why the output may hold no TAP: Loki could not add --tap, or the runner's output goes on into another command (a formatter).
  const notLast = typeof appended === 'string' ? `${appended}, set "tap": true in ava's config` : identifyTestRunner(line).isLastSegment ? undefined : `${runner} is not the last command of \`${line}\` (is its output piped into a formatter?); make ${runner} the last command`;
  return {
    command,
    env,
    collect: async (result): Promise<CollectedCases> => {
      const cut = fromOutput(runner, result);
      if (cut) return cut;
      const read = await parse(runner, result, toolchain.root);
      if (!read.cases) return { runner, why: `could not count test cases: ${read.why}${notLast ? `; ${notLast}, or set verify.commands.test` : ''}` };
      return counted(runner, read.cases, `${runner} reported no test cases`);
    },
  };
}

/** The parsers load when a run needs them: tap-parser and its YAML reader are not start-up work for every other runner. */
async function parse(runner: StdoutRunner, result: CommandResult, root: string): Promise<TapCases> {
  if (runner === 'ava') return (await import('./parse-ava-tap.js')).parseAvaTap(result.stdout, root);
  if (runner === 'uvu') return (await import('./parse-uvu-output.js')).parseUvuOutput(result.stdout, root);
  return (await import('./parse-tape-tap.js')).parseTapeTap(result.stdout, root, uncaughtError(result.stderr));
}
