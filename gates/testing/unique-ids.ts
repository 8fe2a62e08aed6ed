import type { TestCase } from '../checks/tests-data.js';

/**
 * Runners that do not qualify names by file (tape, uvu) can print the same name twice: the second
 * becomes "name (2)", so every id is unique and, in a run of the same tests, the same as before.
 */
export function withUniqueIds(cases: TestCase[]): TestCase[] {
  const seen = new Map<string, number>();
  return cases.map((c) => {
    const n = (seen.get(c.id) ?? 0) + 1;
    seen.set(c.id, n);
    return n === 1 ? c : { ...c, id: `${c.id} (${n})` };
  });
}
