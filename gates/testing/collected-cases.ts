import type { TestCase } from '../checks/tests-data.js';
import { describeTruncation, type CommandResult } from '../core/run-command.js';
import type { TestRunner } from '../toolchain/toolchain.js';

/** What was counted after a run; `cases` undefined means Loki could not count (and `why` says so). */
export interface CollectedCases {
  runner: TestRunner;
  cases?: TestCase[];
  why?: string;
  /** Loki's own reporter injection broke the run: its exit code says nothing about the change. */
  interfered?: boolean;
}

/** Runners counted from their printed output: a cut output cannot be counted (cases would be missing). */
export function fromOutput(runner: TestRunner, result: CommandResult): CollectedCases | undefined {
  const cut = describeTruncation(result);
  return cut ? { runner, why: `could not count test cases: ${cut}` } : undefined;
}

/** The cases read from a report; none, or a report that could not be read (undefined), says why. */
export function counted(runner: TestRunner, cases: TestCase[] | undefined, whyEmpty: string): CollectedCases {
  if (cases === undefined) return { runner, why: `could not count test cases: ${runner}'s report is not well-formed XML` };
  return cases.length > 0 ? { runner, cases } : { runner, cases, why: whyEmpty };
}
