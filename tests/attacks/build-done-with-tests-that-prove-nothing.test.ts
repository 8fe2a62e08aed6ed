import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runJob } from '../../runner/run-job.js';
import { createBuildFixture, type BuildFixture } from '../runner/support/build-fixture.js';

/**
 * Attack: an agent implements something, adds a test that passes whether or not its code exists,
 * and the green suite makes the build "done". A test that already passes without the change
 * proves nothing about it (SWE-bench's fail-to-pass): a build is done only with a proving test,
 * unless its spec says the change is docs-only or a refactor.
 */
const NOTHING_PROVED = `
import { writeFileSync } from 'node:fs';
writeFileSync('src/math.js', 'export function add(a, b) {\\n  return a + b;\\n}\\n\\nexport function multiply(a, b) {\\n  return a * b;\\n}\\n');
writeFileSync('test/more.test.js', "import { test } from 'node:test';\\nimport assert from 'node:assert/strict';\\nimport { add } from '../src/math.js';\\n\\ntest('adds more', () => {\\n  assert.equal(add(1, 1), 2);\\n});\\n");
console.log('Implemented multiply, with a test.');
`;

const REFACTOR = `
import { writeFileSync } from 'node:fs';
writeFileSync('src/math.js', 'const sum = (a, b) => a + b;\\n\\nexport function add(a, b) {\\n  return sum(a, b);\\n}\\n');
console.log('Refactored add.');
`;

describe('attack: a build is done with tests that pass without its change', () => {
  let f: BuildFixture;
  beforeEach(() => {
    f = createBuildFixture();
  });
  afterEach(() => f.cleanup());

  it('is not done: no test fails without the change', async () => {
    const command = f.agent('nothing-proved', NOTHING_PROVED);
    const outcome = await runJob(f.job({ budgets: { max_iterations: 1, max_minutes: 5 } }), { config: f.config({ provider: { command } }), token: () => undefined });
    expect(outcome.status).not.toBe('done');
    expect(outcome.evidence?.verdict).toBe('CONCERNS');
    expect(outcome.evidence?.gates.find((g) => g.id === 'tests')?.counts?.proving).toBe(0);
    expect(outcome.evidence?.findings.find((f) => f.rule === 'no-proving-test')?.message).toMatch(/^no test fails without this change/);
  });

  it('a spec that declares a refactor is done without a proving test, and the evidence says why', async () => {
    const command = f.agent('refactor', REFACTOR);
    const job = f.job({ spec: { source: 'issue', ref: 'acme/calc#7', title: 'refactor: add through a helper', text: 'Make add() call a helper. No behaviour changes.', labels: [] } });
    const outcome = await runJob(job, { config: f.config({ provider: { command } }), token: () => undefined });
    expect(outcome.status, outcome.reason).toBe('done');
    expect(outcome.evidence?.gates.find((g) => g.id === 'tests')?.reason).toContain('declared a refactor by the spec\'s title "refactor: add through a helper", so no proving test is required');
  });
});
