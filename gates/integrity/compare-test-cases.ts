import type { TestCase, TestsData } from '../checks/tests-data.js';
import type { ChangedFile } from '../git/parse-diff.js';
import type { FindingDraft } from '../verify/gate.js';

const MAX_LISTED = 50;

/**
 * With a baseline: fewer test cases than on the base, test ids that vanished, and tests that
 * ran on the base but are skipped now. Renamed test files carry their ids along, and so do test
 * files `moved` (deleted, their test names declared again in other files).
 */
export function compareTestCases(data: TestsData, files: readonly ChangedFile[], moved: ReadonlyMap<string, readonly string[]> = new Map()): FindingDraft[] {
  const base = data.baseCases ?? [];
  const renames = new Map<string, readonly string[]>(moved);
  for (const f of files) if (f.status === 'renamed' && f.oldPath) renames.set(f.oldPath, [f.path]);
  const head = new Map(data.cases.map((c) => [c.id, c]));
  const findings: FindingDraft[] = [];

  if (data.cases.length < base.length) {
    findings.push({
      rule: 'fewer-tests',
      severity: 'high',
      key: 'count',
      message: `The change runs ${data.cases.length} test case${data.cases.length === 1 ? '' : 's'}, ${base.length - data.cases.length} fewer than the ${base.length} on the base. Fix: restore the removed tests, or replace them in the same change.`,
    });
  }
  const vanished: TestCase[] = [];
  const skipped: TestCase[] = [];
  // A runner that names only failing tests (uvu) gives no ids to follow: only the count compares.
  const comparable = ![...base, ...data.cases].some((c) => c.unnamed);
  for (const before of comparable ? base : []) {
    const now = renamedIds(before, renames).map((id) => head.get(id)).find(Boolean);
    if (!now) vanished.push(before);
    else if (before.status !== 'skipped' && now.status === 'skipped') skipped.push(now);
  }
  findings.push(...vanished.slice(0, MAX_LISTED).map((c) => caseFinding('vanished-test', c, 'ran on the base and no longer exists', 'restore the test, or say in the PR why it was removed')));
  findings.push(...skipped.slice(0, MAX_LISTED).map((c) => caseFinding('newly-skipped-test', c, 'ran on the base and is skipped now', 'run the test instead of skipping it')));
  for (const [list, what] of [[vanished, 'vanished'], [skipped, 'newly skipped']] as const) {
    if (list.length > MAX_LISTED) {
      findings.push({ rule: `${what === 'vanished' ? 'vanished' : 'newly-skipped'}-tests-more`, severity: 'high', key: 'more', message: `And ${list.length - MAX_LISTED} more ${what} tests (not listed).` });
    }
  }
  return findings;
}

/** The ids a base test case may have on the head: its own, or under the file(s) it moved to. */
function renamedIds(c: TestCase, renames: ReadonlyMap<string, readonly string[]>): string[] {
  if (!c.file || !c.id.startsWith(c.file)) return [c.id];
  const to = renames.get(c.file);
  return to ? to.map((path) => path + c.id.slice(c.file!.length)) : [c.id];
}

function caseFinding(rule: string, c: TestCase, what: string, fix: string): FindingDraft {
  return {
    rule,
    severity: 'high',
    ...(c.file ? { file: c.file } : {}),
    key: c.id,
    message: `Test "${c.id}" ${what}. Fix: ${fix}.`,
  };
}
