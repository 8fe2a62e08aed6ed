import type { TestCase } from '../checks/tests-data.js';
import type { TapCases } from './parse-tape-tap.js';
import { readTap, tapFailure } from './read-tap.js';

/**
 * `ava --tap`: one test point per test, titled "file › title" when ava runs more than one file
 * (ava's own prefix, relative to the files' common folder; "title" alone for one file). The `›`
 * becomes Loki's ` > `. Skipped and todo tests are skipped; a file that crashes or fails to load
 * is a failing point of its own, and so a failed case.
 */
export function parseAvaTap(stdout: string, root: string): TapCases {
  const stream = readTap(stdout);
  if (stream.cutShort) return { why: stream.cutShort };
  if (!stream.isTap) return { why: 'ava printed no TAP on stdout (was --tap passed?)' };
  const cases: TestCase[] = [];
  for (const event of stream.events) {
    if (event.kind !== 'assert') continue;
    const { point } = event;
    const id = point.name.split(' › ').join(' > ');
    if (point.skip || point.todo) cases.push({ id, status: 'skipped' });
    else if (point.ok) cases.push({ id, status: 'passed' });
    else cases.push({ id, status: 'failed', ...tapFailure(point, root, { nameIsAssertion: false }) });
  }
  return { cases };
}
