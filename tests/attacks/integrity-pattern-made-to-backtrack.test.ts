import { describe, expect, it } from 'vitest';
import { dump } from 'js-yaml';
import { checkCiConfig } from '../../gates/integrity/check-ci-config.js';
import { checkTestScripts } from '../../gates/integrity/check-test-scripts.js';
import { countAssertions } from '../../gates/integrity/count-assertions.js';
import { declaresTestCase, testCaseNames } from '../../gates/integrity/count-test-cases.js';
import { modulesUnderTest } from '../../gates/integrity/modules-under-test.js';
import { scanAddedLines } from '../../gates/integrity/scan-added-lines.js';
import { changed } from '../gates/integrity/changed-file.js';
import { PATHOLOGICAL_FAMILIES, pathologicalLine } from '../support/pathological-lines.js';

/**
 * Attack: add one long line built so that a backtracking pattern takes hours (`expect(` and
 * 3,000 spaces took 17.6 s with the old cubic tautology pattern; 100 KB would take days), so the
 * integrity gate never answers — or answers after the runner gave up. Every rule family reads
 * each 100 KB line in one pass. The bound is the test's own timeout (vitest fails a test that
 * blocks past it even when the code is synchronous); the figures are in `npm run bench integrity`.
 */
const PATHS = ['test/a.test.ts', 'tests/test_a.py', 'pkg/a_test.go', 'tests/a.rs', 'vitest.config.ts', 'test/setup.js', 'src/a.ts'];

async function everyRuleOn(line: string): Promise<string[]> {
  const rules: string[] = [];
  for (const path of PATHS) rules.push(...(await scanAddedLines([changed(path, [line])], [], async () => `${line}\n`)).map((f) => f.rule));
  const pkg = JSON.stringify({ scripts: { test: line } });
  rules.push(...(await checkTestScripts([changed('package.json', [pkg])], async (side) => (side === 'head' ? pkg : '{}'))).map((f) => f.rule));
  const workflow = (run: string) => dump({ on: ['pull_request'], jobs: { test: { steps: [{ name: 'Tests', run }] } } });
  const ci = { base: workflow(`npm test ${line.slice(0, 50)}`), head: workflow(line) };
  rules.push(...(await checkCiConfig([changed('.github/workflows/ci.yml', [line])], async (side) => ci[side])).map((f) => f.rule));
  countAssertions(line);
  declaresTestCase(line);
  testCaseNames([line, line]);
  for (const path of ['test/a.test.ts', 'tests/test_a.py']) modulesUnderTest(path, line);
  return rules;
}

describe('attack: a line built to make an integrity pattern backtrack', () => {
  for (const [family, lines] of Object.entries(PATHOLOGICAL_FAMILIES)) {
    it(`${family}: every rule reads each 100 KB line once`, { timeout: 10_000 }, async () => {
      for (const [prefix, fill] of lines) expect(Array.isArray(await everyRuleOn(pathologicalLine(prefix, fill)))).toBe(true);
    });
  }

  it('still finds what the rules look for at the end of a 100 KB line', { timeout: 10_000 }, async () => {
    const operand = 'a'.repeat(50_000);
    expect(await scanAddedLines([changed('test/a.test.ts', [`expect(${operand}).toBe(${operand})`])], [])).toMatchObject([{ rule: 'tautology' }]);
    expect(await scanAddedLines([changed('test/a.test.ts', [`assert.equal( ${operand} ,${operand})`])], [])).toMatchObject([{ rule: 'tautology' }]);
    expect(await scanAddedLines([changed('test/a.test.ts', [`${'it('.repeat(25_000)}'x', { skip: true }, () => {})`])], [])).toMatchObject([{ rule: 'new-skip' }]);
    expect(await scanAddedLines([changed('test/setup.js', [`process.exit(${' '.repeat(100_000)}0 )`])], [])).toMatchObject([{ rule: 'early-exit' }]);
    expect(countAssertions(`${'assert'.repeat(10_000)}(x)`)).toBe(1);
  });
});
