import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planTestRun } from '../../../gates/testing/plan-test-run.js';
import { configCommand, detectedCommand } from '../../../gates/toolchain/tool-command.js';
import type { PackageManager, TestPlan, TestRunner, Toolchain } from '../../../gates/toolchain/toolchain.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function reportDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loki-plan-'));
  dirs.push(dir);
  return dir;
}

function toolchain(pm: PackageManager | undefined, test: TestPlan): Toolchain {
  return { root: '/repo', stacks: [], ...(pm ? { packageManager: pm } : {}), buildReason: '', test, testReason: '', manifestErrors: [], fromConfig: { install: false, build: false, test: false } };
}

function scriptPlan(pm: PackageManager, runner: TestRunner, text: string, name = 'test'): TestPlan {
  return { command: detectedCommand(pm, ['run', name]), runner, script: { name, text } };
}

describe('planTestRun', () => {
  it.each([
    ['npm', 'jest', 'jest --ci', /^npm run test -- --json --outputFile=\S+jest\.json$/],
    ['pnpm', 'jest', 'jest', /^pnpm run test --json --outputFile=\S+jest\.json$/],
    ['yarn', 'mocha', 'mocha test/', /^yarn run test --reporter=xunit --reporter-option=output=\S+mocha-junit\.xml$/],
    ['npm', 'vitest', 'tsc --noEmit && vitest run', /^npm run test -- --reporter=default --reporter=junit --outputFile\.junit=\S+vitest-junit\.xml$/],
  ] as const)('%s + %s: appends the reporter to the script', async (pm, runner, text, expected) => {
    const dir = reportDir();
    const plan = await planTestRun(toolchain(pm, scriptPlan(pm, runner, text)), scriptPlan(pm, runner, text), dir);
    expect(plan.command.display).toMatch(expected);
    expect(plan.command.display).toContain(dir);
    expect(plan.command.shell).toBe(false);
  });

  it.each([
    ['npm', 'ava', 'ava', 'npm run test -- --tap'],
    ['pnpm', 'ava', 'tsc && ava --verbose', 'pnpm run test --tap'],
    ['npm', 'tape', 'tape test/*.js', 'npm run test'],
    ['yarn', 'uvu', 'uvu test', 'yarn run test'],
  ] as const)('%s + %s: TAP for ava through --tap; tape and uvu print their report as they are', async (pm, runner, text, expected) => {
    const plan = await planTestRun(toolchain(pm, scriptPlan(pm, runner, text)), scriptPlan(pm, runner, text), reportDir());
    expect(plan.command.display).toBe(expected);
    expect(plan.command.shell).toBe(false);
  });

  it('quotes the reporter path for a configured shell command', async () => {
    const test: TestPlan = { command: configCommand('npx jest --ci'), runner: 'jest' };
    const plan = await planTestRun(toolchain(undefined, test), test, reportDir());
    expect(plan.command.shell).toBe(true);
    expect(plan.command.file).toMatch(/^npx jest --ci --json --outputFile=\S+$/);
  });

  it('does not append to a configured `npm test`: npm would swallow the flags', async () => {
    const test: TestPlan = { command: configCommand('npm test'), runner: 'vitest' };
    const plan = await planTestRun(toolchain('npm', test), test, reportDir());
    expect(plan.command.file).toBe('npm test');
    const counted = await plan.collect({} as never, Date.now());
    expect(counted.cases).toBeUndefined();
    expect(counted.why).toContain('not the last command');
  });

  it('injects node:test and pytest reporters through the environment, leaving the command alone', async () => {
    const node: TestPlan = scriptPlan('npm', 'node-test', 'node --test');
    const nodePlan = await planTestRun(toolchain('npm', node), node, reportDir());
    expect(nodePlan.command.display).toBe('npm run test');
    expect(nodePlan.env.NODE_OPTIONS).toMatch(/--test-reporter=\S+loki-node-test-reporter\.mjs --test-reporter-destination=\S+loki-node-test-reporter\.out --test-reporter=spec --test-reporter-destination=stdout/);
    expect(nodePlan.env.PYTEST_ADDOPTS).toBeUndefined();
    const py: TestPlan = { command: detectedCommand('python3', ['-m', 'pytest']), runner: 'pytest' };
    const pyPlan = await planTestRun(toolchain(undefined, py), py, reportDir());
    expect(pyPlan.env.PYTEST_ADDOPTS).toMatch(/--junitxml=\S+pytest-junit\.xml -o junit_family=xunit1/);
    expect(pyPlan.env.NODE_OPTIONS).toBeUndefined();
  });

  it('adds -json to a detected or configured go test, and only then', async () => {
    const detected: TestPlan = { command: detectedCommand('go', ['test', './...']), runner: 'go-test' };
    expect((await planTestRun(toolchain(undefined, detected), detected, reportDir())).command.display).toBe('go test -json ./...');
    const configured: TestPlan = { command: configCommand('go vet ./... && go test -race ./...'), runner: 'go-test' };
    expect((await planTestRun(toolchain(undefined, configured), configured, reportDir())).command.file).toBe('go vet ./... && go test -json -race ./...');
  });
});

describe('planTestRun: node:test reporter flags of the project', () => {
  it('supplies the stdout destination of a lone project reporter, which node would otherwise refuse to mix', async () => {
    const test = scriptPlan('npm', 'node-test', 'node --test --test-reporter=tap');
    const plan = await planTestRun(toolchain('npm', test), test, reportDir());
    expect(plan.env.NODE_OPTIONS).toMatch(/--test-reporter=\S+loki-node-test-reporter\.mjs --test-reporter-destination=\S+loki-node-test-reporter\.out --test-reporter-destination=stdout$/);
  });

  it('adds only its own reporter when every project reporter has its destination', async () => {
    const test = scriptPlan('npm', 'node-test', 'node --test --test-reporter=tap --test-reporter-destination=stdout');
    const plan = await planTestRun(toolchain('npm', test), test, reportDir());
    expect(plan.env.NODE_OPTIONS).toMatch(/loki-node-test-reporter\.mjs --test-reporter-destination=\S+loki-node-test-reporter\.out$/);
  });

  it('stays out, and says why, when the flags cannot be paired', async () => {
    const test = scriptPlan('npm', 'node-test', 'node --test --test-reporter=tap --test-reporter=dot --test-reporter-destination=stdout');
    const plan = await planTestRun(toolchain('npm', test), test, reportDir());
    expect(plan.env.NODE_OPTIONS).toBeUndefined();
    const counted = await plan.collect({ exitCode: 0, log: '' } as never, Date.now());
    expect(counted.cases).toBeUndefined();
    expect(counted.why).toContain('give each reporter a destination');
  });

  it.each([
    ["TypeError [ERR_INVALID_ARG_VALUE]: The argument '--test-reporter' must match the number of specified '--test-reporter-destination'. Received [ 'x', 'spec', 'tap' ]"],
    ['node: --test-reporter= is not allowed in NODE_OPTIONS'],
  ])('reports a run its own injection broke as interfered, never as the change failing: %s', async (log) => {
    const test = scriptPlan('npm', 'node-test', 'node --test');
    const plan = await planTestRun(toolchain('npm', test), test, reportDir());
    const counted = await plan.collect({ exitCode: 9, log } as never, Date.now());
    expect(counted).toMatchObject({ interfered: true });
    expect(counted.why).toContain('node refused');
  });

  it('does not append a runner reporter to `make test`', async () => {
    const test: TestPlan = { command: detectedCommand('make', ['test']), runner: 'jest', script: { name: 'Makefile test', text: 'jest' } };
    const plan = await planTestRun(toolchain(undefined, test), test, reportDir());
    expect(plan.command.display).toBe('make test');
    expect((await plan.collect({} as never, Date.now())).why).toContain('cannot pass jest');
  });
});
