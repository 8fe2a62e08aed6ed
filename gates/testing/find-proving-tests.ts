import type { TestCase } from '../checks/tests-data.js';

/** A test that passes with the change and fails, or cannot exist, without it (SWE-bench's fail-to-pass). */
export interface ProvingTest {
  id: string;
  file?: string;
  /** What the test did on the merge-base's source with the head's tests: failed, or was not there at all. */
  on_base: 'failed' | 'absent';
}

export interface ProvingTests {
  proving: ProvingTest[];
  /** Passing head tests whose file the base's test command never ran: they prove nothing either way. */
  notRunOnBase: string[];
}

/**
 * Compares the head's run with a run of the head's tests on the merge-base's source. A head test
 * that passes is proving when, without the change, it fails, or it is missing while its file did
 * run there (the file could not load, or the test is generated from code the base lacks). A test
 * whose whole file never ran on the base (the base's test command does not reach it) is not.
 */
export function findProvingTests(head: readonly TestCase[], withoutChange: readonly TestCase[]): ProvingTests {
  const onBase = new Map(withoutChange.map((c) => [c.id, c]));
  const ranGroups = new Set(withoutChange.map(groupOf));
  const proving: ProvingTest[] = [];
  const notRunOnBase: string[] = [];
  for (const test of head) {
    if (test.status !== 'passed') continue;
    const there = onBase.get(test.id);
    const file = test.file ? { file: test.file } : {};
    if (there?.status === 'failed') proving.push({ id: test.id, ...file, on_base: 'failed' });
    else if (!there && ranGroups.has(groupOf(test))) proving.push({ id: test.id, ...file, on_base: 'absent' });
    else if (!there) notRunOnBase.push(test.id);
  }
  return { proving, notRunOnBase };
}

/** The file a case belongs to; for runners that name none, the first part of its id (package, target). */
function groupOf(test: TestCase): string {
  return test.file ?? test.id.split(' > ')[0] ?? test.id;
}
