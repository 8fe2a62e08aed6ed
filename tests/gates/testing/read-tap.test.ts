import { describe, expect, it } from 'vitest';
import { parseTapeTap } from '../../../gates/testing/parse-tape-tap.js';
import { readTap } from '../../../gates/testing/read-tap.js';
import { uncaughtError } from '../../../gates/testing/uncaught-error.js';

// Captured from tape 5.10 (a test that throws ends the stream without its plan) and from a tape
// run piped into a formatter (no TAP left on stdout).
const TAPE_KILLED = `TAP version 13
# doubles
ok 1 should be strictly equal
# math
# doubles zero
`;
const NODE_CRASH = `/repo/src/double.js:1
exports.double = (x) => { if (x === 0) throw new Error('zero is not allowed'); return x * 2; };
                                       ^

Error: zero is not allowed
    at exports.double (/repo/src/double.js:1:46)
    at Test.<anonymous> (/repo/test/double.js:5:45)

Node.js v20.20.2
`;

describe('readTap: only what the runner printed', () => {
  it("drops tap-parser's own `test count != plan` comment for a stream that ends without its plan", () => {
    const { events, isTap } = readTap(TAPE_KILLED);
    expect(isTap).toBe(true);
    expect(events.filter((e) => e.kind === 'comment').map((e) => e.kind === 'comment' && e.text)).toEqual(['doubles', 'math', 'doubles zero']);
  });

  it('keeps a comment after the last test point (tap-parser holds it until the stream ends)', () => {
    const { events } = readTap('TAP version 13\n# first\nok 1 fine\n# second\n');
    expect(events.at(-1)).toEqual({ kind: 'comment', text: 'second' });
  });

  it('is not TAP when nothing on stdout is, though tap-parser makes up a version and a plan for it', () => {
    const { events, isTap } = readTap('all good\n');
    expect(isTap).toBe(false);
    expect(events).toEqual([]);
  });
});

describe('parseTapeTap: a killed run', () => {
  it('fails the test that was running, with the error that killed the process', () => {
    const { cases } = parseTapeTap(TAPE_KILLED, '/repo', uncaughtError(NODE_CRASH));
    expect(cases).toEqual([
      { id: 'doubles', status: 'passed' },
      { id: 'doubles zero', status: 'failed', message: 'the run stopped inside this test: Error: zero is not allowed' },
    ]);
  });

  it('says tape printed no TAP when none is on stdout', () => {
    expect(parseTapeTap('all good\n', '/repo')).toEqual({ why: expect.stringContaining('tape printed no TAP') });
  });
});

describe('uncaughtError', () => {
  it("is the error line of Node's uncaught-exception report, not the source line it quotes", () => {
    expect(uncaughtError(NODE_CRASH)).toBe('Error: zero is not allowed');
  });

  it('falls back to the first line stating an error when there is no stack', () => {
    expect(uncaughtError('npm error code ELIFECYCLE\nnpm error Missing script: "test"\n')).toBe('Missing script: "test"');
  });
});
