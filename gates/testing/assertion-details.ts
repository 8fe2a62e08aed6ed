import { stripVTControlCharacters } from 'node:util';
import type { TestCase } from '../checks/tests-data.js';

const MAX_VALUE = 1000;

/**
 * Expected and actual values and the failing line, read from a failure's text as test reports
 * carry it (JUnit `<failure>` bodies of vitest, jest, mocha and pytest; jest's failure messages):
 *   "- Expected / + Received" diffs and "Expected: … / Received: …" (vitest, jest),
 *   "expected X to be Y" (chai, vitest), "expected: <X> but was: <Y>" (JUnit), "E   assert X == Y" (pytest),
 * and the first `file:line` that names the test's own file. Only what is there is returned.
 */
export function assertionDetails(raw: string | undefined, file: string | undefined): Pick<TestCase, 'expected' | 'actual' | 'line'> {
  if (!raw) return {};
  const text = stripVTControlCharacters(raw);
  return { ...values(text), ...lineIn(text, file) };
}

function values(text: string): { expected?: string; actual?: string } {
  const labelled = { expected: /^\s*Expected:\s*(.+)$/m.exec(text)?.[1], actual: /^\s*Received:\s*(.+)$/m.exec(text)?.[1] };
  if (labelled.expected !== undefined && labelled.actual !== undefined) return clip(labelled.expected, labelled.actual);
  const diff = /^- Expected\s*\n\+ Received\s*\n\s*\n- (.+)\n\+ (.+)$/m.exec(text);
  if (diff) return clip(diff[1]!, diff[2]!);
  const chai = /expected (.+?) to (?:be|equal|deeply equal|strictly equal|eql|deep equal) (.+?)(?: \/\/ .*)?$/m.exec(text);
  if (chai) return clip(chai[2]!, chai[1]!);
  const jvm = /expected: ?<(.+?)> but was: ?<(.+?)>/.exec(text);
  if (jvm) return clip(jvm[1]!, jvm[2]!);
  const pytest = /^E\s+assert (.+?) == (.+)$/m.exec(text);
  if (pytest) return clip(pytest[2]!, pytest[1]!);
  return {};
}

function clip(expected: string, actual: string): { expected: string; actual: string } {
  const cut = (v: string) => (v.trim().length > MAX_VALUE ? `${v.trim().slice(0, MAX_VALUE - 1)}…` : v.trim());
  return { expected: cut(expected), actual: cut(actual) };
}

function lineIn(text: string, file: string | undefined): { line?: number } {
  if (!file) return {};
  for (const match of text.matchAll(/([^\s()'"]+?):(\d+)(?::\d+)?/g)) {
    const path = match[1]!.replace(/^file:\/\//, '');
    if (path === file || path.endsWith(`/${file}`)) return { line: Number(match[2]) };
  }
  return {};
}
