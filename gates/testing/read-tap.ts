import { Parser, type FinalResults, type Result } from 'tap-parser';
import { stripVTControlCharacters } from 'node:util';
import { z } from 'zod';
import type { TestCase } from '../checks/tests-data.js';
import { clipLine } from '../core/clip-line.js';
import { relativeFile } from './relative-file.js';

/** What a TAP stream said, in order: comments (tape's test names), test points, the plan, a bail-out. */
export type TapEvent =
  | { kind: 'comment'; text: string }
  | { kind: 'assert'; point: TapPoint }
  | { kind: 'plan' }
  | { kind: 'bailout'; reason: string };

export interface TapPoint {
  ok: boolean;
  name: string;
  skip: boolean;
  todo: boolean;
  diag?: TapDiagnostics;
}

export interface TapStream {
  events: TapEvent[];
  /** A `TAP version` line or a plan was seen: the output is TAP at all. */
  isTap: boolean;
  /** Parsing stopped at the time budget: the events are not the whole stream. */
  cutShort?: string;
}

/**
 * The YAML diagnostics of a failing point, as tape and ava write them: tape gives operator,
 * expected, actual and `at`; ava gives message, assertion, details and `at`. Anything else is ignored.
 */
const DiagnosticsSchema = z
  .object({
    message: z.unknown().optional(),
    operator: z.unknown().optional(),
    assertion: z.unknown().optional(),
    expected: z.unknown().optional(),
    actual: z.unknown().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    at: z.unknown().optional(),
    stack: z.unknown().optional(),
  })
  .loose();
type TapDiagnostics = z.infer<typeof DiagnosticsSchema>;

/*
 * Bounds on what is handed to tap-parser, so a test's output cannot stall the gate: tap-parser
 * parses a YAML block in one go when it closes, so each block and each line is capped (only
 * diagnostics lose detail), and parsing stops at a time budget checked between lines.
 */
const MAX_LINE = 2_000;
const MAX_YAML_LINES = 200;
const DEFAULT_BUDGET_MS = 20_000;

/**
 * Reads a TAP stream with tap-parser (non-TAP lines in between are ignored, as TAP allows). What
 * tap-parser makes up when the stream ends is not the runner's and is dropped: the version and
 * `1..0` plan it gives a stream with no TAP, and its `test count(N) != plan(M)` comment.
 */
export function readTap(text: string, budgetMs = DEFAULT_BUDGET_MS): TapStream {
  const events: TapEvent[] = [];
  let isTap = false;
  // Set once every line is written: a version or plan seen then is tap-parser's own (a written
  // line is parsed as it is written); comments and points may still be the stream's (flushed).
  let ending = false;
  let endingComment: TapEvent | undefined;
  const parser = new Parser();
  parser.on('version', () => (isTap ||= !ending));
  parser.on('comment', (line: string) => {
    const event: TapEvent = { kind: 'comment', text: line.replace(/^#\s*/, '').trim() };
    events.push(event);
    if (ending) endingComment = event;
  });
  parser.on('assert', (res: Result) => events.push({ kind: 'assert', point: pointOf(res) }));
  parser.on('plan', () => {
    if (ending) return;
    isTap = true;
    events.push({ kind: 'plan' });
  });
  parser.on('complete', (res: FinalResults) => {
    const made = `test count(${res.count}) != plan(${res.plan.end})`;
    if (endingComment?.kind === 'comment' && endingComment.text === made && events.at(-1) === endingComment) events.pop();
  });
  parser.on('bailout', (reason: string) => events.push({ kind: 'bailout', reason: String(reason ?? '') }));
  const started = Date.now();
  let yamlLines = -1;
  for (const raw of boundedLines(stripVTControlCharacters(text))) {
    // Inside a YAML block (between `---` and `...`), keep its first MAX_YAML_LINES lines only.
    if (/^\s+---\s*$/.test(raw)) yamlLines = 0;
    else if (/^\s+\.\.\.\s*$/.test(raw)) yamlLines = -1;
    else if (yamlLines >= 0 && ++yamlLines > MAX_YAML_LINES) continue;
    parser.write(`${raw}\n`);
    if (Date.now() - started > budgetMs) {
      parser.abort('time budget');
      return { events, isTap, cutShort: `reading the TAP output took more than ${Math.round(budgetMs / 1000)} s, so Loki stopped (${text.length} characters)` };
    }
  }
  ending = true;
  parser.end();
  return { events, isTap };
}

function* boundedLines(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    yield text.slice(start, Math.min(stop, start + MAX_LINE));
    start = stop + 1;
  }
}

function pointOf(res: Result): TapPoint {
  const diag = res.diag ? DiagnosticsSchema.safeParse(res.diag) : undefined;
  return {
    ok: res.ok,
    name: String(res.name ?? '').trim(),
    skip: Boolean(res.skip),
    todo: Boolean(res.todo),
    ...(diag?.success ? { diag: diag.data } : {}),
  };
}

/**
 * A failing point's message, values and place, from its diagnostics: the message (ava), else the
 * point's name where it names the assertion (tape); expected/actual (tape), or a one-line
 * difference (ava); and the first `at` or stack frame in a file of the project (not node_modules).
 */
export function tapFailure(point: TapPoint, root: string, { nameIsAssertion }: { nameIsAssertion: boolean }): Pick<TestCase, 'message' | 'expected' | 'actual' | 'line' | 'file'> {
  const d = point.diag ?? {};
  const text = (v: unknown) => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v));
  const said = text(d.message)?.trim();
  const difference = d.details ? Object.entries(d.details).map(([label, value]) => `${label.replace(/:$/, '')}: ${text(value)}`).join('; ') : undefined;
  const operator = text(d.operator ?? d.assertion);
  const message = clip([said || (nameIsAssertion ? point.name : ''), operator ? `(${operator})` : '', difference].filter(Boolean).join(' '));
  const place = placeIn([text(d.at), text(d.stack)].filter(Boolean).join('\n'), root);
  const diff = oneLineDifference(d.details);
  const expected = text(d.expected) ?? diff?.expected;
  const actual = text(d.actual) ?? diff?.actual;
  return {
    ...(message ? { message } : {}),
    ...(expected !== undefined ? { expected: clip(expected) } : {}),
    ...(actual !== undefined ? { actual: clip(actual) } : {}),
    ...place,
  };
}

/** A diagnostics value on one line: its whitespace run together, clipped. */
function clip(text: string): string {
  return clipLine(text.replace(/\s+/g, ' '));
}

/** ava's "Difference (- actual, + expected)" when it is one line each way. */
function oneLineDifference(details: Record<string, unknown> | undefined): { expected: string; actual: string } | undefined {
  const value = Object.entries(details ?? {}).find(([label]) => /^Difference \(- actual, \+ expected\)/.test(label))?.[1];
  if (typeof value !== 'string') return undefined;
  const lines = value.split('\n');
  const removed = lines.filter((l) => l.startsWith('- '));
  const added = lines.filter((l) => l.startsWith('+ '));
  return lines.length === 2 && removed.length === 1 && added.length === 1 ? { actual: removed[0]!.slice(2), expected: added[0]!.slice(2) } : undefined;
}

/** The first `path:line[:col]` in the project's own files (not node_modules); with `prefer`, the first in a file ending so. */
export function placeIn(text: string, root: string, prefer?: string): { file?: string; line?: number } {
  let first: { file: string; line: number } | undefined;
  for (const match of text.matchAll(/((?:file:\/\/)?\/[^\s()'"]+?):(\d+)(?::\d+)?/g)) {
    const file = relativeFile(root, match[1]);
    if (!file || file.startsWith('..') || file.split('/').includes('node_modules')) continue;
    const place = { file, line: Number(match[2]) };
    if (!prefer || file === prefer || file.endsWith(`/${prefer}`)) return place;
    first ??= place;
  }
  return first ?? {};
}

