import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../gates/config/schema.js';
import type { Evidence } from '../../gates/evidence/schema.js';
import { runVerify } from '../../gates/verify/run-verify.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

/**
 * Attack: delete the tests of the code you broke, and add a test of something else with as many
 * assertions. Counting assertions across the whole change called that a rewrite, and every deleted
 * test file was excused (medium, CONCERNS at worst). A deleted test file is replaced only by tests
 * of the same subject: the same module under test, or the same test names in their new place.
 */
const MATH = 'export const add = (a, b) => a + b;\nexport const sub = (a, b) => a - b;\n';
const CART = 'export const total = (items) => items.reduce((n, i) => n + i.price, 0);\n';
const MATH_TEST = [
  "import { test } from 'node:test';",
  "import assert from 'node:assert/strict';",
  "import { add, sub } from '../src/math.js';",
  "test('adds', () => { assert.equal(add(1, 2), 3); });",
  "test('adds negatives', () => { assert.equal(add(-1, -2), -3); });",
  "test('subtracts', () => { assert.equal(sub(3, 2), 1); });",
  '',
].join('\n');

/** The same three tests, rewritten past git's rename threshold, for lib/math.js. */
const REWRITTEN = [
  "import { describe, it } from 'node:test';",
  "import { strict as assert } from 'node:assert';",
  "import * as math from '../../lib/math.js';",
  "it('adds', () => {\n  const got = math.add(1, 2);\n  assert.equal(got, 3);\n});",
  "it('adds negatives', () => {\n  const got = math.add(-1, -2);\n  assert.equal(got, -3);\n});",
  "it('subtracts', () => {\n  const got = math.sub(3, 2);\n  assert.equal(got, 1);\n});",
  '',
].join('\n');

let repo: TempRepo | undefined;
afterEach(() => repo?.remove());

/** main has math and its tests; the change is committed on a branch. */
function change(files: Record<string, string | null>): TempRepo {
  repo = createTempRepo({ 'package.json': '{"type":"module","scripts":{"test":"node --test"}}\n', 'src/math.js': MATH, 'src/cart.js': CART, 'test/math.test.js': MATH_TEST });
  repo.git('checkout', '-q', '-b', 'change');
  repo.commit('the change', files);
  return repo;
}

const verify = (r: TempRepo): Promise<Evidence> => runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'integrity'], config: defaultConfig() });
const deleted = (e: Evidence) => e.findings.filter((f) => f.rule === 'test-deleted');

describe('attack: deleted tests excused by an unrelated new test', () => {
  it('a new test of another module does not excuse the deleted tests of math (BLOCKED, naming what is no longer tested)', async () => {
    const cartTest = [
      "import { test } from 'node:test';",
      "import assert from 'node:assert/strict';",
      "import { total } from '../src/cart.js';",
      "test('empty', () => { assert.equal(total([]), 0); });",
      "test('one', () => { assert.equal(total([{ price: 2 }]), 2); });",
      "test('two', () => { assert.equal(total([{ price: 2 }, { price: 3 }]), 5); assert.ok(true); });",
      '',
    ].join('\n');
    const r = change({ 'src/math.js': MATH.replace('a - b', 'a + b'), 'test/math.test.js': null, 'test/cart.test.js': cartTest });
    const evidence = await verify(r);
    expect(deleted(evidence)).toMatchObject([{ file: 'test/math.test.js', severity: 'high', blocking: true }]);
    expect(deleted(evidence)[0]?.message).toContain('src/math');
    expect(evidence.verdict).toBe('BLOCKED');
  });

  it('a new test that only names the module in a comment or string does not excuse them either', async () => {
    const decoy = [
      "import { test } from 'node:test';",
      "import assert from 'node:assert/strict';",
      "// import { add } from '../src/math.js';",
      "const note = \"import { sub } from '../src/math.js'\";",
      "test('a', () => { assert.equal(1, 1); assert.equal(2, 2); assert.equal(note.length > 0, true); });",
      '',
    ].join('\n');
    const evidence = await verify(change({ 'test/math.test.js': null, 'test/decoy.test.js': decoy }));
    expect(deleted(evidence)).toMatchObject([{ severity: 'high' }]);
  });

  it('tests of the same module with fewer assertions do not excuse them', async () => {
    const thin = ["import { test } from 'node:test';", "import assert from 'node:assert/strict';", "import { add } from '../src/math.js';", "test('adds', () => { assert.equal(add(1, 2), 3); });", ''].join('\n');
    const evidence = await verify(change({ 'test/math.test.js': null, 'test/add.test.js': thin }));
    expect(deleted(evidence)).toMatchObject([{ severity: 'high' }]);
  });
});

describe('near misses: a genuine move or split is still only worth a look', () => {
  it('split by function into two files that test the same module: medium, naming the files', async () => {
    const head = "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n";
    const r = change({
      'test/math.test.js': null,
      'test/add.test.js': `${head}import { add } from '../src/math.js';\ntest('sums', () => { assert.equal(add(1, 2), 3); });\ntest('sums negatives', () => { assert.equal(add(-1, -2), -3); });\n`,
      'test/sub.test.js': `${head}import { sub } from "../src/math";\ntest('differs', () => { assert.equal(sub(3, 2), 1); });\n`,
    });
    const evidence = await verify(r);
    expect(deleted(evidence)).toMatchObject([{ file: 'test/math.test.js', severity: 'medium', blocking: false }]);
    expect(deleted(evidence)[0]?.message).toMatch(/test\/add\.test\.js/);
    expect(evidence.verdict).toBe('CONCERNS');
  });

  it('moved and rewritten past git\'s rename threshold, with the same test names: medium', async () => {
    const moved = REWRITTEN;
    const r = change({ 'src/math.js': null, 'lib/math.js': MATH, 'test/math.test.js': null, 'test/unit/math.test.js': moved });
    const evidence = await verify(r);
    expect(deleted(evidence)).toMatchObject([{ file: 'test/math.test.js', severity: 'medium' }]);
    expect(deleted(evidence)[0]?.message).toMatch(/test names/);
  });

  it('with the baseline, the moved test cases are found in their new file, not reported as vanished', async () => {
    const moved = REWRITTEN.replace('../../lib/math.js', '../../src/math.js');
    const r = change({ 'test/math.test.js': null, 'test/unit/math.test.js': moved });
    expect(r.git('diff', '--name-status', '-M', 'main', 'HEAD')).toMatch(/^D\ttest\/math\.test\.js$/m);
    const evidence = await runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'tests', 'integrity'], baseline: true, config: defaultConfig() });
    const tests = evidence.gates.find((g) => g.id === 'tests');
    expect(tests?.status, tests?.reason).toBe('pass');
    expect(evidence.findings.map((f) => f.rule)).not.toContain('vanished-test');
    expect(deleted(evidence)).toMatchObject([{ severity: 'medium' }]);
    expect(evidence.verdict).toBe('CONCERNS');
  });

  it('a plain rename (git detects it) is no finding at all: VERIFIED', async () => {
    const r = change({ 'test/math.test.js': null, 'test/unit/math.test.js': MATH_TEST.replace('../src/', '../../src/') });
    const evidence = await verify(r);
    expect(evidence.findings).toEqual([]);
    expect(evidence.verdict).toBe('VERIFIED');
  });
});
