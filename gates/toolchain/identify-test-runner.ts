import type { TestRunner } from './toolchain.js';

/**
 * Reads a test command (a package.json script or a config command) to find the runner behind it,
 * so the tests gate can ask that runner for a machine-readable report.
 */

export interface RunnerInCommand {
  runner: TestRunner;
  /**
   * The runner is invoked by the last command of the line, so arguments appended to the line
   * (`npm test -- --reporter=junit`) reach it.
   */
  isLastSegment: boolean;
  /** The whole line is `npm run X` / `pnpm X` / `yarn X`: the script it hands over to. */
  delegatesTo?: string;
  /** The line ends in `npm run X` after other commands (`npm run lint && npm run unit`). */
  endsWithDelegation?: string;
}

const RUNNER_PATTERNS: ReadonlyArray<readonly [TestRunner, RegExp]> = [
  ['node-test', /(?:^|[\s/])(?:node|tsx)(?:\s+\S+)*?\s--test(?:\s|=|$)/],
  ['vitest', /(?:^|[\s/])vitest(?:\s|$)/],
  ['jest', /(?:^|[\s/])jest(?:\s|$)/],
  ['mocha', /(?:^|[\s/])mocha(?:\s|$)/],
  // TAP runners (uvu's own report, not TAP, is read too).
  ['ava', /(?:^|[\s/])ava(?:\s|$)/],
  ['tape', /(?:^|[\s/])tape(?:\s|$)/],
  ['uvu', /(?:^|[\s/])uvu(?:\s|$)/],
  ['pytest', /(?:^|[\s/])(?:pytest|py\.test)(?:\s|$)|python[0-9.]*\s+-m\s+pytest(?:\s|$)/],
  ['go-test', /(?:^|\s)go\s+test(?:\s|$)/],
  ['cargo-test', /(?:^|\s)cargo\s+(?:\+\S+\s+)?test(?:\s|$)/],
  ['maven-surefire', /(?:^|[\s/])(?:mvn|mvnw)\s(?:.*\s)?(?:test|verify|install|package)(?:\s|$)/],
  ['gradle-test', /(?:^|[\s/])(?:gradle|gradlew)\s(?:.*\s)?(?:test|check|build)(?:\s|$)/],
];

const DELEGATION = /^(?:npm\s+(?:run(?:-script)?\s+([\w:.@/-]+)|(test|t|tst))|pnpm\s+(?:run\s+)?([\w:.@/-]+)|yarn\s+(?:run\s+)?([\w:.@/-]+))$/;

/** Splits a shell line on `&&`, `||`, `;` and `|` outside quotes. */
export function splitShellSegments(line: string): string[] {
  const segments: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\' && quote === '"' && i + 1 < line.length) {
        current += ch + line[++i];
        continue;
      }
      if (ch === quote) quote = undefined;
      current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
      continue;
    }
    const two = line.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      segments.push(current);
      current = '';
      i++;
      continue;
    }
    if (ch === ';' || ch === '|' || ch === '\n') {
      segments.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  segments.push(current);
  return segments.map((s) => s.trim()).filter(Boolean);
}

/** The runner a single command invokes, ignoring `VAR=x`, `cross-env`, `npx` and friends in front. */
export function runnerOfSegment(segment: string): TestRunner {
  const words = ` ${segment.trim()} `;
  for (const [runner, pattern] of RUNNER_PATTERNS) if (pattern.test(words.trim())) return runner;
  return 'unknown';
}

export function identifyTestRunner(line: string): RunnerInCommand {
  const segments = splitShellSegments(line);
  const last = segments.length > 0 ? delegationTarget(segments[segments.length - 1]!) : undefined;
  if (segments.length === 1 && last) return { runner: 'unknown', isLastSegment: true, delegatesTo: last };
  for (let i = segments.length - 1; i >= 0; i--) {
    const runner = runnerOfSegment(segments[i]!);
    if (runner !== 'unknown') return { runner, isLastSegment: i === segments.length - 1 };
  }
  return { runner: 'unknown', isLastSegment: false, ...(last ? { endsWithDelegation: last } : {}) };
}

/** The script a single command hands over to (`npm run x`, `pnpm x`, `yarn x`), if any. */
export function delegationTarget(segment: string): string | undefined {
  const delegated = DELEGATION.exec(segment);
  const target = delegated ? (delegated[1] ?? (delegated[2] ? 'test' : undefined) ?? delegated[3] ?? delegated[4]) : undefined;
  return target && !['install', 'add', 'exec', 'dlx'].includes(target) ? target : undefined;
}

/** npm's `npm init` placeholder, which only fails: it is not a test suite. */
export function isPlaceholderTestScript(script: string): boolean {
  return /no test specified/i.test(script) && /exit\s+1/.test(script);
}
