import { load } from 'js-yaml';
import { z } from 'zod';
import type { ChangedFile } from '../git/parse-diff.js';
import type { FindingDraft } from '../verify/gate.js';
import type { ReadSide } from './check-test-scripts.js';
import { COMMAND_WEAKENERS, SCOPE_NARROWERS } from './line-rules.js';
import { clip } from './scan-added-lines.js';
import { lineOf } from '../core/line-of.js';

/** GitHub Actions workflows and local (composite) actions: where CI decides whether the tests run. */
const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/;
const ACTION = /^\.github\/actions\/(?:.+\/)?action\.ya?ml$/;

export function isCiConfig(path: string): boolean {
  return WORKFLOW.test(path) || ACTION.test(path);
}

/** Commands that run a test suite, at the start of a shell command (after `&&`, `;`, `|`, a newline or `sudo`/`env`). */
const TEST_COMMAND = /(?:^|[;&|(]|\bthen\b|\bdo\b)\s*(?:(?:sudo|env|time|xvfb-run(?:\s+-a)?)\s+)*(?:\w+=\S*\s+)*(?<cmd>(?:npm|pnpm|yarn|bun)\s+(?:run\s+|run-script\s+)?(?:test|t)(?::[\w:-]+)?\b|npm\s+(?:cit|install-test|it)\b|(?:npx|pnpm\s+exec|yarn|bunx)\s+(?:vitest|jest|mocha|ava|tap|playwright\s+test|cypress\s+run)\b|(?:vitest|jest|mocha|ava|pytest|tox|nox|rspec|phpunit)\b|node\s+--test\b|python3?\s+-m\s+(?:pytest|unittest)\b|go\s+test\b|cargo\s+(?:test|nextest)\b|dotnet\s+test\b|(?:mvn|\.\/mvnw)\b[^\n;&|]*\b(?:test|verify)\b|(?:gradle|\.\/gradlew)\b[^\n;&|]*\b(?:test|check)\b|make\s+(?:test|check)\b|(?:bundle\s+exec\s+)?rake\s+(?:test|spec)\b|deno\s+test\b|swift\s+test\b|mix\s+test\b)/;
/** Flags that make a test command run only some tests (beyond the package.json narrowers). */
const CI_NARROWERS: readonly RegExp[] = [
  ...SCOPE_NARROWERS,
  /--testPathPattern\b|--test-path-pattern\b|--testPathPatterns\b/,
  /--grep\b|--fgrep\b|(?:^|\s)-g\s/,
  /(?:^|\s)-t\s|--testNamePattern\b/,
  /(?:^|\s)-k\s/,
  /(?:^|\s)-run[\s=]/,
  /--filter\b/,
  /--only\b|--onlyChanged\b|--changed(?:Since)?\b|--findRelatedTests\b/,
  /(?:^|\s)-m\s/,
  /--project[\s=]/,
];
/** How much of a command a finding quotes. */
const CLIP = 100;
/** A shell line that stops failing commands from failing the step. */
const SET_PLUS_E = /(?:^|\n)\s*set\s+\+e\b/;
const ALWAYS_FALSE = /^\s*(?:\$\{\{\s*)?(?:false|0|''|""|null)(?:\s*\}\})?\s*$/i;
const TRUTHY_FLAG = /^\s*(?:\$\{\{\s*)?true(?:\s*\}\})?\s*$/i;

const StepSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  run: z.string().optional(),
  uses: z.string().optional(),
  if: z.unknown().optional(),
  'continue-on-error': z.unknown().optional(),
});
type Step = z.infer<typeof StepSchema>;
const JobSchema = z.looseObject({ steps: z.array(z.unknown()).optional(), if: z.unknown().optional(), 'continue-on-error': z.unknown().optional(), uses: z.string().optional() });
const WorkflowSchema = z.looseObject({ on: z.unknown().optional(), true: z.unknown().optional(), jobs: z.record(z.string(), z.unknown()).optional() });
const ActionSchema = z.looseObject({ runs: z.looseObject({ steps: z.array(z.unknown()).optional() }).optional() });

/** One job (or a composite action's steps) as the comparison needs it. */
interface Job {
  id: string;
  if: unknown;
  continueOnError: unknown;
  /** A reusable workflow the job calls. */
  uses: string | undefined;
  steps: Step[];
}

interface Parsed {
  jobs: Map<string, Job>;
  /** Workflow triggers; undefined for an action. */
  events: Set<string> | undefined;
}

/**
 * A change to CI configuration that drops or weakens a test step: the step or its job removed,
 * `continue-on-error`, `|| true`/`; exit 0`, an always-false `if:`, a narrowed test command, the
 * workflow deleted or no longer run on pull requests. Both sides are read as YAML and compared
 * job by job (by id) and step by step (by id, name, then command).
 */
export async function checkCiConfig(files: readonly ChangedFile[], read: ReadSide): Promise<FindingDraft[]> {
  const findings: FindingDraft[] = [];
  for (const file of files) {
    const basePath = file.oldPath ?? file.path;
    if (!isCiConfig(basePath) && !isCiConfig(file.path)) continue;
    const baseText = await read('base', basePath);
    if (baseText === undefined) continue; // a new workflow weakens nothing
    const base = parse(baseText, basePath);
    if (!base) continue;
    const testJobs = [...base.jobs.values()].filter(runsTests);
    if (testJobs.length === 0) continue;
    const where = file.status === 'deleted' ? basePath : file.path;
    const add = (key: string, message: string, line?: number) =>
      findings.push({ rule: 'ci-tests-weakened', severity: 'high', file: where, ...(line ? { line } : {}), key, message: `${message} Fix: keep the CI running the tests as strictly as on the base; change CI in a separate PR a maintainer reviews.` });
    const names = testJobs.map((j) => `"${j.id}"`).join(', ');
    if (file.status === 'deleted' || !isCiConfig(file.path)) {
      add('deleted', `The change ${file.status === 'deleted' ? 'deletes' : `moves to ${file.path}`} ${basePath}, whose job${testJobs.length === 1 ? '' : 's'} ${names} ran the tests: they no longer run in CI.`);
      continue;
    }
    const headText = await read('head', file.path);
    if (headText === undefined) continue;
    const head = parse(headText, file.path);
    if (!head) {
      add('parse', `${file.path} no longer parses as YAML (or no longer has jobs or steps), so its test job${testJobs.length === 1 ? '' : 's'} ${names} will not run.`);
      continue;
    }
    const headLine = (needle: string | undefined) => (needle ? lineOf(headText, needle) : undefined);
    if (base.events && head.events) {
      for (const event of ['pull_request', 'pull_request_target', 'push', 'merge_group']) {
        if (base.events.has(event) && !head.events.has(event)) add(`on:${event}`, `The workflow no longer runs on \`${event}\`, so its test jobs (${names}) do not run for it.`, headLine('on'));
      }
    }
    for (const before of testJobs) {
      const after = head.jobs.get(before.id);
      const label = base.events ? `job "${before.id}"` : 'the action';
      if (!after) {
        add(`job:${before.id}`, `The ${label} ran the tests (${describeTests(before)}) and the change removed it.`);
        continue;
      }
      const jobLine = headLine(`${before.id}:`);
      if (isAlwaysFalse(after.if) && !isAlwaysFalse(before.if)) add(`job:${before.id}:if`, `The ${label} runs the tests and now never runs (\`if: ${String(after.if)}\`).`, jobLine);
      if (isTruthy(after.continueOnError) && !isTruthy(before.continueOnError)) add(`job:${before.id}:continue-on-error`, `The ${label} runs the tests and gains \`continue-on-error: ${String(after.continueOnError)}\`: failing tests no longer fail CI.`, jobLine);
      compareSteps(before, after, label, add, headLine);
    }
  }
  return findings;
}

function compareSteps(before: Job, after: Job, label: string, add: (key: string, message: string, line?: number) => void, headLine: (needle: string | undefined) => number | undefined): void {
  const unmatched = new Set(after.steps);
  const pairs: Array<[Step, Step | undefined]> = before.steps.map((step) => [step, undefined]);
  // Steps pair by id, then by name, then by the same command or action: renaming one is no removal.
  for (const key of [(s: Step) => s.id, (s: Step) => s.name, (s: Step) => s.run?.trim(), (s: Step) => s.uses]) {
    for (const pair of pairs) {
      if (pair[1]) continue;
      const k = key(pair[0]);
      if (k === undefined) continue;
      const match = [...unmatched].find((s) => key(s) === k);
      if (match) {
        pair[1] = match;
        unmatched.delete(match);
      }
    }
  }
  // A test step whose command moved into a new step is still there.
  const remaining = [...unmatched];
  for (const [step, match] of pairs) {
    const tests = testCommands(step);
    if (tests.length === 0) continue;
    const name = stepName(step);
    const key = `${before.id}:${name}`;
    const found = match ?? remaining.find((s) => testCommands(s).length > 0 && testCommands(s).some((c) => tests.some((t) => commandName(c) === commandName(t))));
    if (!found) {
      add(key, `In ${label}, the step ${name} ran the tests (\`${clip(tests[0]!, CLIP)}\`) and the change removed it.`);
      continue;
    }
    const line = headLine(found.name ?? found.run?.split('\n')[0]?.trim());
    const now = testCommands(found);
    if (now.length === 0) {
      add(key, `In ${label}, the step ${name} no longer runs the tests (it ran \`${clip(tests[0]!, CLIP)}\`).`, line);
      continue;
    }
    if (isAlwaysFalse(found.if) && !isAlwaysFalse(step.if)) add(`${key}:if`, `In ${label}, the test step ${name} now never runs (\`if: ${String(found.if)}\`).`, line);
    if (isTruthy(found['continue-on-error']) && !isTruthy(step['continue-on-error'])) add(`${key}:continue-on-error`, `In ${label}, the test step ${name} gains \`continue-on-error: ${String(found['continue-on-error'])}\`: failing tests no longer fail CI.`, line);
    const weakener = firstNew(COMMAND_WEAKENERS, found.run ?? '', step.run ?? '') ?? (SET_PLUS_E.test(found.run ?? '') && !SET_PLUS_E.test(step.run ?? '') ? 'set +e' : undefined);
    if (weakener) add(`${key}:${weakener}`, `In ${label}, the test step ${name} gains \`${weakener}\`: it passes whatever the tests report.`, line);
    const narrowed = narrowing(tests, now);
    if (narrowed) add(`${key}:narrowed`, `In ${label}, the test step ${name} narrows its test command: \`${clip(narrowed.before, CLIP)}\` became \`${clip(narrowed.after, CLIP)}\`, which runs only some of the tests.`, line);
  }
}

/** How the head's test commands run fewer tests than the base's: a filter flag, or a new path argument. */
function narrowing(before: readonly string[], after: readonly string[]): { before: string; after: string } | undefined {
  for (const now of after) {
    const was = before.find((b) => commandName(b) === commandName(now));
    if (!was) continue;
    const flag = firstNew(CI_NARROWERS, now, was);
    if (flag) return { before: was, after: now };
    const added = args(now).filter((a) => !args(was).includes(a));
    // A new positional argument that names a test file or folder runs that one only.
    if (added.some((a) => !a.startsWith('-') && /[/.]/.test(a) && !/^\$|^--?$/.test(a))) return { before: was, after: now };
  }
  return undefined;
}

function firstNew(patterns: readonly RegExp[], now: string, was: string): string | undefined {
  for (const pattern of patterns) {
    const match = pattern.exec(now);
    if (match && !pattern.test(was)) return match[0].trim();
  }
  return undefined;
}

/** The test commands in a step: each shell line that starts one, from the command to the line's end. */
function testCommands(step: Step): string[] {
  if (!step.run) return [];
  const out: string[] = [];
  for (const line of step.run.split('\n')) {
    const match = TEST_COMMAND.exec(line);
    if (match?.groups?.cmd) out.push(line.slice(match.index + match[0].length - match.groups.cmd.length).trim());
  }
  return out;
}

/** The command without its arguments: `npm test`, `npx playwright test`, `pytest`. */
function commandName(command: string): string {
  return TEST_COMMAND.exec(command)?.groups?.cmd?.replace(/\s+/g, ' ') ?? command;
}

function args(command: string): string[] {
  return command.slice(commandName(command).length).split(/\s+/).filter(Boolean);
}

function runsTests(job: Job): boolean {
  return job.steps.some((s) => testCommands(s).length > 0);
}

function describeTests(job: Job): string {
  return job.steps.flatMap(testCommands).map((c) => `\`${clip(c, CLIP)}\``).slice(0, 3).join(', ');
}

function stepName(step: Step): string {
  return `"${step.name ?? step.id ?? clip(step.run?.split('\n')[0] ?? step.uses ?? 'unnamed', CLIP)}"`;
}

function isAlwaysFalse(value: unknown): boolean {
  return value === false || value === 0 || (typeof value === 'string' && ALWAYS_FALSE.test(value));
}

function isTruthy(value: unknown): boolean {
  // An expression may be true at run time: only a literal false (or none) keeps failures failing.
  return value === true || (typeof value === 'string' && (TRUTHY_FLAG.test(value) || value.includes('${{')));
}

function parse(text: string, path: string): Parsed | undefined {
  let doc: unknown;
  try {
    doc = load(text);
  } catch {
    return undefined;
  }
  if (ACTION.test(path)) {
    const action = ActionSchema.safeParse(doc);
    if (!action.success || !action.data.runs?.steps) return undefined;
    return { jobs: new Map([['action', { id: 'action', if: undefined, continueOnError: undefined, uses: undefined, steps: steps(action.data.runs.steps) }]]), events: undefined };
  }
  const workflow = WorkflowSchema.safeParse(doc);
  if (!workflow.success || !workflow.data.jobs) return undefined;
  const jobs = new Map<string, Job>();
  for (const [id, raw] of Object.entries(workflow.data.jobs)) {
    const job = JobSchema.safeParse(raw);
    if (!job.success) continue;
    jobs.set(id, { id, if: job.data.if, continueOnError: job.data['continue-on-error'], uses: job.data.uses, steps: steps(job.data.steps ?? []) });
  }
  // YAML 1.1 reads a bare `on` key as true.
  return { jobs, events: events(workflow.data.on ?? workflow.data.true) };
}

function steps(raw: readonly unknown[]): Step[] {
  return raw.flatMap((s) => {
    const step = StepSchema.safeParse(s);
    return step.success ? [step.data] : [];
  });
}

function events(on: unknown): Set<string> {
  if (typeof on === 'string') return new Set([on]);
  if (Array.isArray(on)) return new Set(on.filter((e): e is string => typeof e === 'string'));
  if (on && typeof on === 'object') return new Set(Object.keys(on));
  return new Set();
}
