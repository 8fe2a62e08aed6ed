import { stripVTControlCharacters } from 'node:util';
import type { TestCase } from '../checks/tests-data.js';
import type { TapCases } from './parse-tape-tap.js';
import { placeIn } from './read-tap.js';
import { withUniqueIds } from './unique-ids.js';

/**
 * uvu has no machine-readable reporter (its CLI's `-r` is `--require`, and its report is written
 * by uvu itself), so Loki reads uvu's own report: the closing `Total:`/`Passed:`/`Skipped:`
 * lines count the cases, and each ` FAIL  [suite] "name"` block names a failing test, its message
 * and (from its stack) its file. uvu never names a passing or skipped test: those are counted as
 * `unnamed` cases, which no id comparison can use. Total counts the tests that ran, so
 * failed = Total − Passed.
 */
export function parseUvuOutput(stdout: string, root: string): TapCases {
  const lines = stripVTControlCharacters(stdout).split('\n');
  const total = lastNumber(lines, 'Total');
  const passed = lastNumber(lines, 'Passed');
  const skipped = lastNumber(lines, 'Skipped') ?? 0;
  if (total === undefined || passed === undefined || passed > total) return { why: "uvu printed no closing Total/Passed summary (did the run stop early?)" };
  const named = failures(lines, root);
  const failed = total - passed;
  const cases: TestCase[] = [
    ...named.slice(0, failed),
    ...placeholders(Math.max(0, failed - named.length), 'failed'),
    ...placeholders(passed, 'passed'),
    ...placeholders(skipped, 'skipped'),
  ];
  return { cases: withUniqueIds(cases) };
}

function lastNumber(lines: readonly string[], label: string): number | undefined {
  const pattern = new RegExp(`^\\s*${label}:\\s+(\\d+)\\s*$`);
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = pattern.exec(lines[i]!);
    if (match) return Number(match[1]);
  }
  return undefined;
}

/**
 * Each ` FAIL  suite  "name"` line, the message on the next line, and the file: the stack frame in
 * the file uvu last announced (its CLI prints each test file's name, relative to its folder, before
 * that file's results), else the first frame in the project.
 */
function failures(lines: readonly string[], root: string): TestCase[] {
  const found: TestCase[] = [];
  let announced: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (/^\S+\.[cm]?[jt]sx?$/.test(lines[i]!)) announced = lines[i];
    const head = /^\s*FAIL\s+(?:(.+?)\s+)?"(.*)"\s*$/.exec(lines[i]!);
    if (!head) continue;
    let end = i + 1;
    while (end < lines.length && !/^\s*FAIL\s/.test(lines[end]!) && !/^\s*Total:\s/.test(lines[end]!)) end++;
    const block = lines.slice(i + 1, end);
    const place = placeIn(block.filter((l) => /^\s*at\s/.test(l)).join('\n'), root, announced);
    const message = block.map((l) => l.trim()).find(Boolean);
    const id = [place.file, head[1], head[2]].filter(Boolean).join(' > ');
    found.push({ id, status: 'failed', ...(message ? { message: message.slice(0, 300) } : {}), ...place });
  }
  return found;
}

function placeholders(n: number, status: TestCase['status']): TestCase[] {
  return Array.from({ length: n }, (_, k) => ({ id: `(uvu: ${status} test ${k + 1}, not named by uvu)`, status, unnamed: true as const }));
}
