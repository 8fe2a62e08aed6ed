import type { Severity } from '../config/schema.js';
import { afterFirstCall, sameOperands, type LinePattern } from './linear-matchers.js';

/** Where a rule looks: test files, test/setup files, test runner configs, or any code file. */
export type RuleScope = 'test' | 'test-or-setup' | 'test-config' | 'code';

/** A pattern that, on an added line, weakens the evidence the tests give. */
export interface LineRule {
  rule: string;
  severity: Severity;
  scope: RuleScope;
  /** Each reads a line in linear time (tests/attacks/integrity-pattern-made-to-backtrack.test.ts). */
  patterns: readonly LinePattern[];
  what: string;
  fix: string;
}

const SKIP: readonly LinePattern[] = [
  // Chained modifiers (`describe.concurrent.skip`) included; an expected failure (vitest's `.fails`,
  // jest's `.failing`) passes when the test fails, like pytest's xfail below.
  /\b(?:describe|it|test|suite|context|specify|bench)(?:\.(?:concurrent|sequential|serial|shuffle))*\.(?:skip|todo|fixme|fails|failing)\b(?!If)/,
  /\b(?:xit|xdescribe|xtest|xcontext|xspecify)\s*\(/,
  afterFirstCall(/\b(?:test|it|describe|suite)\s*\(/, /\{\s*(?:skip|todo)\s*:\s*(?:true|['"`])/),
  /\b(?:t|this|ctx|context)\.(?:skip|todo)\s*\(/,
  /\bt\.Skip(?:Now|f)?\s*\(/,
  /@pytest\.mark\.(?:skip|xfail)\b(?!if)/,
  /\bpytest\.(?:skip|xfail)\s*\(/,
  /@unittest\.(?:skip|expectedFailure)\b/,
  /\bself\.skipTest\s*\(/,
  /@(?:Ignore|Disabled)\b/,
  /#\[ignore\b/,
];

/** Skips that depend on the environment (a tool not installed): weaker evidence, not always gaming. */
const CONDITIONAL_SKIP: readonly RegExp[] = [
  /\b(?:describe|it|test|suite|context|bench)\.(?:skipIf|runIf)\s*\(/,
  /@pytest\.mark\.skipif\b/,
  /@unittest\.(?:skipIf|skipUnless)\b/,
  /@(?:EnabledIf|DisabledIf|EnabledOn|DisabledOn)\w*/,
];

const FOCUS: readonly LinePattern[] = [
  /\b(?:describe|it|test|suite|context|specify)\.only\b/,
  /\b(?:fit|fdescribe|ftest)\s*\(/,
  afterFirstCall(/\b(?:test|it|describe|suite)\s*\(/, /\{\s*only\s*:\s*true/),
];

/** A comparison of an operand with itself; the operands are read once (a backreference was cubic). */
const commaOperands = (opener: RegExp) => sameOperands({ opener, stops: ',()', between: /,\s*/, after: ',)' });

const TAUTOLOGY: readonly LinePattern[] = [
  sameOperands({ opener: /\bexpect\(/, stops: '()', between: /\)\s*\.(?:toBe|toEqual|toStrictEqual)\(\s*/, after: ')' }),
  /\bexpect\(\s*(?:true|1|!0)\s*\)\s*\.(?:toBeTruthy|toBeDefined)\(\s*\)/,
  /\bexpect\(\s*(?:false|null|0|undefined)\s*\)\s*\.(?:toBeFalsy|toBeNull|toBeUndefined)\(\s*\)/,
  /\bexpect\(\s*true\s*\)\.to\.be\.true\b/,
  /\bassert(?:\.ok|\.strict\.ok|\.strict)?\(\s*(?:true|1|!0)\s*[,)]/,
  commaOperands(/\bassert\.(?:equal|strictEqual|deepEqual|deepStrictEqual)\(/),
  /^\s*assert\s+(?:True|1|not\s+False|not\s+None)\s*(?:,|#|$)/,
  // Anchored at the line start, one start only; the operand class cannot contain `=` or a space.
  /^\s*assert\s+([\w.'"]+)\s*==\s*\1\s*(?:,|#|$)/,
  /\b(?:self\.)?assertTrue\(\s*(?:True|true)\s*[,)]/,
  commaOperands(/\b(?:self\.)?assertEquals?\(/),
  /\bassert!\(\s*true\s*[,)]/,
  commaOperands(/\bassert_eq!\(/),
];

const SUPPRESSION: readonly LinePattern[] = [
  /(?:\/\/|\/\*)\s*eslint-disable/,
  /(?:\/\/|\/\*)\s*@ts-(?:ignore|expect-error|nocheck)\b/,
  /#\s*noqa\b/,
  /#\s*type:\s*ignore\b/,
  /#\s*pylint:\s*disable\b/,
  // Anchored, and the run before the first comment marker (`lead`, skipped when judging where the
  // match is) may hold no marker: one way to match, so a 100 KB line of `#` or `//` is read once.
  // The unanchored `marker.*allow` it replaces was quadratic and matched at the same first marker.
  /^(?<lead>(?:(?!#|\/\/|\/\*|<!--).)*)(?:#|\/\/|\/\*|<!--).*\b(?:gitleaks|loki):allow\b/,
  /(?:#|\/\/)\s*#?nosec\b/,
  /#\s*pragma:\s*allowlist[ -]secret\b/,
  /\/\/\s*(?:nolint|biome-ignore)\b/,
  /@SuppressWarnings\s*\(/,
  /#!?\[allow\(/,
];

const EARLY_EXIT: readonly LinePattern[] = [
  // `\(\s*(?:0\s*)?\)`, not `\(\s*0?\s*\)`: two adjacent `\s*` split a run of spaces n ways (quadratic).
  /\bprocess\.exit\s*\(\s*(?:0\s*)?\)/,
  /\bprocess\.exitCode\s*=\s*0\b/,
  /\bsys\.exit\s*\(\s*(?:0\s*)?\)/,
  /\bos\._?[eE]xit\(\s*0\s*\)/,
  /\bpytest\.exit\s*\(/,
  /\bSystem\.exit\(\s*0\s*\)/,
  /\bstd::process::exit\(\s*0\s*\)/,
];

/** Ways a test command or config is made to pass whatever the tests say. */
export const COMMAND_WEAKENERS: readonly RegExp[] = [
  /\|\|\s*(?:true\b|exit\s+0\b|:(?=\s|$|['"]))/,
  /;\s*exit\s+0\b/,
  /--passWithNoTests\b/,
  /--pass-with-no-tests\b/,
  /\bpassWithNoTests\b\s*[:=]\s*true/,
  /--no-fail-on-empty\b/,
];

/** Ways a test command or config is made to run fewer tests. */
export const SCOPE_NARROWERS: readonly RegExp[] = [
  /testPathIgnorePatterns/,
  /modulePathIgnorePatterns/,
  /--exclude\b/,
  /\bexclude\s*[:=]/,
  /--ignore(?:-glob)?\b/,
  /--deselect\b/,
  /\bcollect_ignore/,
  /\bnorecursedirs\b/,
  /--test-skip-pattern\b/,
  /--testNamePattern\b|--test-name-pattern\b/,
];

export const LINE_RULES: readonly LineRule[] = [
  { rule: 'new-skip', severity: 'high', scope: 'test', patterns: SKIP, what: 'adds a skipped, to-do or expected-to-fail test', fix: 'run the test instead of skipping it or expecting it to fail, or fix the code it tests' },
  { rule: 'new-conditional-skip', severity: 'medium', scope: 'test', patterns: CONDITIONAL_SKIP, what: 'adds a test that is skipped under some conditions', fix: 'make sure CI meets the condition so the test runs there, and say so in the PR' },
  { rule: 'new-only', severity: 'high', scope: 'test', patterns: FOCUS, what: 'focuses the run on one test (.only), silently skipping the rest', fix: 'remove the .only/fit focus marker' },
  { rule: 'tautology', severity: 'high', scope: 'test', patterns: TAUTOLOGY, what: 'adds an assertion that is always true', fix: 'assert on the behaviour under test, not on a constant' },
  { rule: 'early-exit', severity: 'high', scope: 'test-or-setup', patterns: EARLY_EXIT, what: 'exits successfully from test code before the tests can fail', fix: 'remove the early exit from the test or setup file' },
  { rule: 'test-command-weakened', severity: 'high', scope: 'test-config', patterns: COMMAND_WEAKENERS, what: 'makes the test run pass whatever the tests report', fix: 'remove `|| true` / --passWithNoTests so failing or missing tests fail the run' },
  { rule: 'test-scope-narrowed', severity: 'medium', scope: 'test-config', patterns: SCOPE_NARROWERS, what: 'excludes tests from the run', fix: 'keep the excluded tests in the run, or explain the exclusion in the PR' },
  { rule: 'new-suppression', severity: 'medium', scope: 'code', patterns: SUPPRESSION, what: 'adds a check suppression', fix: 'fix the problem the check reports instead of suppressing it' },
];
