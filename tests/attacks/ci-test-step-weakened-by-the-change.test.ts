import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../gates/config/schema.js';
import type { Evidence } from '../../gates/evidence/schema.js';
import { runVerify } from '../../gates/verify/run-verify.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

/**
 * Attack: leave the test script alone and weaken the CI that runs it — drop the test step or its
 * job, let it fail (`continue-on-error`, `|| true`, `; exit 0`), switch it off (`if: false`), narrow
 * it to one file, or stop the workflow running on pull requests. Each is a high integrity finding
 * naming the file, the job and step, and what changed. Workflows are read as YAML on both sides.
 */
const WORKFLOW = `name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - name: Unit tests
        run: npm test
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: npm run lint
  e2e:
    runs-on: ubuntu-latest
    steps:
      - name: E2E
        run: |
          npx playwright install
          npx playwright test
`;
const ACTION = `name: tests
runs:
  using: composite
  steps:
    - name: Test
      run: npm test
      shell: bash
`;
const CI = '.github/workflows/ci.yml';
const COMPOSITE = '.github/actions/tests/action.yml';

let repo: TempRepo | undefined;
afterEach(() => repo?.remove());

function change(files: Record<string, string | null>): TempRepo {
  repo?.remove();
  repo = createTempRepo({ 'package.json': '{"scripts":{"test":"node --test","lint":"true"}}\n', [CI]: WORKFLOW, [COMPOSITE]: ACTION, 'src/a.js': 'export {};\n' });
  repo.git('checkout', '-q', '-b', 'change');
  repo.commit('the change', files);
  return repo;
}

const verify = (r: TempRepo): Promise<Evidence> => runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'integrity'], config: defaultConfig() });
const weakened = (e: Evidence) => e.findings.filter((f) => f.rule === 'ci-tests-weakened');

async function expectWeakened(files: Record<string, string | null>, file: string, message: RegExp): Promise<void> {
  const evidence = await verify(change(files));
  const found = weakened(evidence);
  expect(found.map((f) => f.message).join('\n')).toMatch(message);
  expect(found.find((f) => message.test(f.message))).toMatchObject({ gate: 'integrity', severity: 'high', blocking: true, file });
  expect(evidence.verdict).toBe('BLOCKED');
}

describe('attack: the change weakens the CI step that runs the tests', () => {
  it('removes the test step', () => expectWeakened({ [CI]: WORKFLOW.replace('      - name: Unit tests\n        run: npm test\n', '') }, CI, /job "test".*"Unit tests".*removed/));

  it('removes the job whose step runs tests', () => expectWeakened({ [CI]: WORKFLOW.slice(0, WORKFLOW.indexOf('  e2e:')) }, CI, /job "e2e".*removed/));

  it('lets the test step fail: continue-on-error on the step, or on its job', async () => {
    await expectWeakened({ [CI]: WORKFLOW.replace('        run: npm test\n', '        run: npm test\n        continue-on-error: true\n') }, CI, /"Unit tests".*continue-on-error/);
    await expectWeakened({ [CI]: WORKFLOW.replace('  test:\n    runs-on: ubuntu-latest\n', '  test:\n    runs-on: ubuntu-latest\n    continue-on-error: true\n') }, CI, /job "test".*continue-on-error/);
  });

  it('makes the test command pass whatever happens: || true, ; exit 0', async () => {
    await expectWeakened({ [CI]: WORKFLOW.replace('run: npm test\n', 'run: npm test || true\n') }, CI, /"Unit tests".*\|\| true/);
    await expectWeakened({ [CI]: WORKFLOW.replace('          npx playwright test\n', '          npx playwright test; exit 0\n') }, CI, /"E2E".*exit 0/);
  });

  it('switches the test step or job off: if: false, if: ${{ false }}', async () => {
    await expectWeakened({ [CI]: WORKFLOW.replace('      - name: Unit tests\n', '      - name: Unit tests\n        if: false\n') }, CI, /"Unit tests".*if: false/);
    await expectWeakened({ [CI]: WORKFLOW.replace('  e2e:\n', "  e2e:\n    if: '${{ false }}'\n") }, CI, /job "e2e".*never runs/);
  });

  it('narrows the test command to some of the tests', async () => {
    await expectWeakened({ [CI]: WORKFLOW.replace('run: npm test\n', 'run: npm test -- --testPathPattern=math\n') }, CI, /"Unit tests".*--testPathPattern/);
    await expectWeakened({ [CI]: WORKFLOW.replace('npx playwright test\n', 'npx playwright test tests/smoke.spec.ts\n') }, CI, /"E2E".*narrow/);
  });

  it('weakens the composite action the workflow uses', () => expectWeakened({ [COMPOSITE]: ACTION.replace('run: npm test', 'run: npm test || true') }, COMPOSITE, /"Test".*\|\| true/));

  it('deletes the workflow, or stops it running on pull requests', async () => {
    await expectWeakened({ [CI]: null }, CI, /deletes .*ci\.yml.*no longer run in CI/);
    await expectWeakened({ [CI]: WORKFLOW.replace('on: [push, pull_request]', 'on: workflow_dispatch') }, CI, /pull_request/);
  });

  it('breaks the workflow so it no longer parses', () => expectWeakened({ [CI]: `${WORKFLOW}  broken: [\n` }, CI, /no longer parses/));
});

describe('near misses: CI changes that keep the tests as strong', () => {
  async function expectClean(files: Record<string, string | null>): Promise<void> {
    const evidence = await verify(change(files));
    expect(weakened(evidence)).toEqual([]);
    expect(evidence.verdict).toBe('VERIFIED');
  }

  it('renames the step, reformats the YAML, adds a step and coverage', () =>
    expectClean({
      [CI]: `name: ci\non:\n  push: {}\n  pull_request: {}\njobs:\n  test: { runs-on: ubuntu-latest, steps: [ { uses: actions/checkout@v4 }, { run: npm ci }, { name: "Run the unit tests", run: "npm test -- --coverage" }, { run: "npm run build" } ] }\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run lint\n  e2e:\n    runs-on: ubuntu-latest\n    timeout-minutes: 20\n    steps:\n      - name: E2E\n        run: |\n          npx playwright install --with-deps\n          npx playwright test\n`,
    }));

  it('lets a step that runs no tests fail, and adds a new test job', () =>
    expectClean({
      [CI]: WORKFLOW.replace('      - run: npm run lint\n', '      - run: npm run lint\n        continue-on-error: true\n').replace('jobs:\n', 'jobs:\n  node22:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n'),
    }));
});
