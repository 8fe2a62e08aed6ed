import { describe, expect, it } from 'vitest';
import { findJsonObject } from '../../../runner/providers/find-json-object.js';
import { parseReview } from '../../../runner/review/parse-review.js';

describe('findJsonObject', () => {
  it('finds the one object bare, in a fence, and amid prose with braces of its own', () => {
    expect(findJsonObject('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(findJsonObject('Sure.\n```json\n{"a":{"b":[1,2]}}\n```\nDone.')).toEqual({ ok: true, value: { a: { b: [1, 2] } } });
    // The old first-`{`-to-last-`}` cut turned this into invalid JSON.
    expect(findJsonObject('I checked {the diff} and {"verdict":"pass"} — see {notes}.')).toEqual({ ok: true, value: { verdict: 'pass' } });
  });

  it('skips braces inside JSON strings', () => {
    expect(findJsonObject('x {"message":"use } and { freely","n":1} y')).toEqual({ ok: true, value: { message: 'use } and { freely', n: 1 } });
  });

  it('refuses none, and refuses two different objects instead of picking one', () => {
    expect(findJsonObject('no json here')).toMatchObject({ ok: false, problem: 'the answer holds no JSON object' });
    expect(findJsonObject('[1,2]')).toMatchObject({ ok: false });
    expect(findJsonObject('{"verdict":"pass"} or maybe {"verdict":"fail"}')).toMatchObject({ ok: false, problem: expect.stringMatching(/2 different JSON objects/) });
    // The same object twice (fence + echo) is still one answer.
    expect(findJsonObject('{"a":1}\n```json\n{"a": 1}\n```')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('finishes on pathological input', () => {
    const started = Date.now();
    expect(findJsonObject('{'.repeat(200_000)).ok).toBe(false);
    expect(findJsonObject('{a} '.repeat(100_000)).ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('feeds the review parser: the schema judges what was found', () => {
    expect(parseReview('Review below {as asked}:\n{"verdict":"pass","summary":"ok"}').ok).toBe(true);
    expect(parseReview('{"verdict":"maybe"}')).toMatchObject({ ok: false, problem: expect.stringMatching(/review schema/) });
  });
});
