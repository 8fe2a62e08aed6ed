import { describe, expect, it } from 'vitest';
import { LokiConfigSchema } from '../../gates/config/schema.js';
import { runVerify } from '../../gates/verify/run-verify.js';
import { packageJson, useTempProjects } from '../gates/toolchain/temp-project.js';

const project = useTempProjects();

// The suite cannot start on either side: every test file requires a helper that is not there.
const BROKEN_SUITE = `const test = require('node:test');
const assert = require('node:assert');
const { price } = require('../src/price.js');
require('./helpers/fixtures.js');
test('prices one item', () => assert.equal(price(1), 10));
`;
const DIRECT = LokiConfigSchema.parse({ verify: { commands: { test: 'node --test' } } });

/**
 * Attack: break something in a repository whose test suite does not even start. With --baseline every
 * failure "also fails on the base", so all are pre-existing, the gate passed and the verdict was
 * VERIFIED with 0 tests passed — a real regression got through this way.
 */
describe('attack: a suite that cannot run hides a regression behind --baseline', () => {
  it('nothing passes on either side: the tests gate is inconclusive ("the suite does not run: <first error>"), never VERIFIED', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'src/price.js': 'exports.price = (n) => n * 10;\n', 'test/price.test.js': BROKEN_SUITE });
    p.change({ 'src/price.js': 'exports.price = (n) => n * 9;\n' }, 'a regression');
    const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests'], baseline: true, config: DIRECT });
    const tests = evidence.gates.find((g) => g.id === 'tests');
    expect(tests?.status).toBe('inconclusive');
    expect(tests?.counts?.passed).toBe(0);
    expect(tests?.reason).toMatch(/^the suite does not run: .*Cannot find module '\.\/helpers\/fixtures\.js'/);
    expect(evidence.verdict).not.toBe('VERIFIED');
  });

  it('nothing passes on the head although the base had passing tests: inconclusive, not a pass on pre-existing failures', async () => {
    const passing = "const test = require('node:test');\ntest('one', () => {});\n";
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'src/price.js': 'exports.price = (n) => n * 10;\n', 'test/price.test.js': BROKEN_SUITE, 'test/one.test.js': passing });
    p.change({ 'test/one.test.js': null, 'src/price.js': 'exports.price = (n) => n * 9;\n' }, 'drop the only passing test');
    const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests'], baseline: true, config: DIRECT });
    const tests = evidence.gates.find((g) => g.id === 'tests');
    expect(tests?.status).toBe('inconclusive');
    expect(tests?.reason).toMatch(/no test passed/);
    expect(evidence.verdict).not.toBe('VERIFIED');
  });
});
