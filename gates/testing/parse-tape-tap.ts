import type { TestCase } from '../checks/tests-data.js';
import { readTap, tapFailure, type TapPoint } from './read-tap.js';
import { withUniqueIds } from './unique-ids.js';

export interface TapCases {
  cases?: TestCase[];
  /** Why there are no cases: not TAP at all, or cut short. */
  why?: string;
}

interface Block {
  name: string;
  skip: boolean;
  todo: boolean;
  points: TapPoint[];
}

/**
 * tape's TAP is flat: every `ok`/`not ok` is one assertion, and each test announces itself with a
 * `# name` comment before its assertions. So a test case is a comment with the points after it:
 * failed when one of them failed (points marked TODO or SKIP do not count), `# SKIP name` and
 * `# TODO name` are skipped. tape marks neither nesting nor files: a parent test that only holds
 * subtests (a comment with no points of its own) is not a case, and ids are the test names. The
 * comments after a trailing plan are tape's summary. A stream that ends without its plan stopped
 * inside the last test (an uncaught exception kills tape's process): that test failed, `crash` says why.
 */
export function parseTapeTap(stdout: string, root: string, crash?: string): TapCases {
  const stream = readTap(stdout);
  if (stream.cutShort) return { why: stream.cutShort };
  if (!stream.isTap) return { why: 'tape printed no TAP (a TAP version line or plan) on stdout' };
  const blocks: Block[] = [];
  let current: Block | undefined;
  let sawPoint = false;
  let ended = false;
  let bailedOut: string | undefined;
  for (const event of stream.events) {
    if (ended) break;
    if (event.kind === 'comment') {
      const directive = /^(SKIP|TODO)\s+(.*)$/.exec(event.text);
      current = { name: directive ? directive[2]! : event.text, skip: directive?.[1] === 'SKIP', todo: directive?.[1] === 'TODO', points: [] };
      blocks.push(current);
    } else if (event.kind === 'assert') {
      sawPoint = true;
      if (!current) blocks.push((current = { name: event.point.name, skip: false, todo: false, points: [] }));
      current.points.push(event.point);
    } else if (event.kind === 'plan') {
      // A leading plan (`1..N` first) announces; a trailing one ends the tests.
      ended = sawPoint;
    } else {
      bailedOut = event.reason || 'Bail out!';
      ended = true;
    }
  }
  const stopped = ended && !bailedOut ? undefined : current;
  const cases = blocks.flatMap((b) => caseOf(b, root, b === stopped ? `the run stopped inside this test${bailedOut ? ` (bail out: ${bailedOut})` : ''}${crash ? `: ${crash}` : ''}` : undefined));
  return { cases: withUniqueIds(cases) };
}

function caseOf(block: Block, root: string, stoppedHere: string | undefined): TestCase[] {
  const base = { id: block.name };
  if (block.skip || block.todo) return [{ ...base, status: 'skipped' }];
  const failing = block.points.find((p) => !p.ok && !p.todo && !p.skip);
  if (failing) {
    const details = tapFailure(failing, root, { nameIsAssertion: true });
    return [{ ...base, status: 'failed', ...details }];
  }
  if (stoppedHere) return [{ ...base, status: 'failed', message: stoppedHere }];
  // No assertion of its own: a parent of subtests, or a test that asserts nothing.
  return block.points.length > 0 ? [{ ...base, status: 'passed' }] : [];
}
