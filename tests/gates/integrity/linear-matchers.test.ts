import { describe, expect, it } from 'vitest';
import { afterFirstCall, sameOperands } from '../../../gates/integrity/linear-matchers.js';

/** The backtracking patterns the matchers replace, as oracles on short lines (they are cubic on long ones). */
const ORACLES = {
  expect: /\bexpect\(\s*([^()]+?)\s*\)\s*\.(?:toBe|toEqual|toStrictEqual)\(\s*\1\s*\)/,
  equal: /\bassert\.(?:equal|strictEqual|deepEqual|deepStrictEqual)\(\s*([^,()]+?)\s*,\s*\1\s*[,)]/,
  skip: /\b(?:test|it|describe|suite)\s*\(.*\{\s*(?:skip|todo)\s*:\s*(?:true|['"`])/,
};
const matchers = {
  expect: sameOperands({ opener: /\bexpect\(/, stops: '()', between: /\)\s*\.(?:toBe|toEqual|toStrictEqual)\(\s*/, after: ')' }),
  equal: sameOperands({ opener: /\bassert\.(?:equal|strictEqual|deepEqual|deepStrictEqual)\(/, stops: ',()', between: /,\s*/, after: ',)' }),
  skip: afterFirstCall(/\b(?:test|it|describe|suite)\s*\(/, /\{\s*(?:skip|todo)\s*:\s*(?:true|['"`])/),
};

const SAMPLES: Record<keyof typeof ORACLES, string[]> = {
  expect: [
    'expect(a).toBe(a)', 'expect( a ).toEqual( a )', 'expect(a b).toStrictEqual(a b)', 'expect(a).toBe(b)', 'expect(a).toBe(ab)', 'expect(ab).toBe(a)',
    'expect(f(a)).toBe(f(a))', 'expect(a) .toBe(a)', 'expect(a).not.toBe(a)', 'xexpect(a).toBe(a)', 'expect().toBe()', 'expect(x).toBe(y); expect(z).toEqual(z);',
    'expect(a).toBe(a', 'expect(\ta\t).toBe(a)', 'expect(a).toBe(a )', 'expect(a).toBeTruthy()', 'expect(expect(a).toBe(a))',
  ],
  equal: [
    'assert.equal(a, a)', 'assert.strictEqual( x.y ,x.y )', 'assert.deepEqual(a, a, "msg")', 'assert.equal(a, b)', 'assert.equal(a, ab)', 'assert.equal(ab, a)',
    'assert.equal(f(a), f(a))', 'assert.equal(a,a', 'assert.equal(a, a (x))', 'assert.notEqual(a, a)', 'assert.equal(,)', 'assert.equal(a b, a b)', 'assert.equal(x, y); assert.equal(z, z)',
  ],
  skip: [
    "test('x', { skip: true }, () => {})", "it('x', {skip:'later'}, fn)", "describe ('x', { todo: `y` })", "test('x', () => {})", "ev('test:pass', 'x', { skip: true })",
    "it('a'); it('b', { skip: true })", "{ skip: true }; test('x')", "attest('x', { skip: true })",
  ],
};

describe('linear matchers agree with the backtracking patterns they replace', () => {
  for (const name of Object.keys(ORACLES) as Array<keyof typeof ORACLES>) {
    it.each(SAMPLES[name])(`${name}: %s`, (line) => {
      const want = ORACLES[name].exec(line);
      const got = matchers[name].exec(line);
      expect(got?.index ?? null).toBe(want?.index ?? null);
      expect(matchers[name].test(line)).toBe(ORACLES[name].test(line));
    });
  }

  it('finds a match both ways on some samples, so the comparison is not vacuous', () => {
    for (const name of Object.keys(ORACLES) as Array<keyof typeof ORACLES>) {
      expect(SAMPLES[name].filter((l) => ORACLES[name].test(l)).length, name).toBeGreaterThan(2);
      expect(SAMPLES[name].filter((l) => !ORACLES[name].test(l)).length, name).toBeGreaterThan(2);
    }
  });
});
