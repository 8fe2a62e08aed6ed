import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGate } from '../../../gates/checks/build.js';
import { type LokiConfigInput } from '../../../gates/config/schema.js';
import type { GateContext, GateOutcome } from '../../../gates/verify/gate.js';
import { runVerify } from '../../../gates/verify/run-verify.js';
import { PASSING_NODE_TESTS, emptyLockfile, packageJson, useTempProjects, whichSync } from '../toolchain/temp-project.js';
import { gateContext } from '../../support/gate-context.js';

const project = useTempProjects();

async function runBuildGate(dir: string, config: LokiConfigInput = {}, extra: Partial<GateContext> = {}): Promise<GateOutcome> {
  return buildGate.run(await gateContext(dir, config, extra));
}

const BUILD_SCRIPT = "require('node:fs').mkdirSync('dist', { recursive: true }); require('node:fs').writeFileSync('dist/out.js', 'ok');\n";

describe('build gate', () => {
  it('passes when the build script succeeds, through runVerify, and records command, exit code and log hash', async () => {
    const p = project({ 'package.json': packageJson({ build: 'node build.js', test: 'node --test' }), 'build.js': BUILD_SCRIPT, 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'src/index.js': 'module.exports = 2;\n' });
    const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests'] });
    const build = evidence.gates.find((g) => g.id === 'build');
    expect(build).toMatchObject({ status: 'pass', command: 'npm run build', exit_code: 0 });
    expect(build?.log_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(join(p.dir, 'dist/out.js'))).toBe(true);
    expect(evidence.verdict).toBe('VERIFIED');
  });

  it('fails with a build-failed finding that carries the tail of the log, and the tests do not run', async () => {
    const p = project({ 'package.json': packageJson({ build: 'node build.js', test: 'node --test' }), 'build.js': BUILD_SCRIPT, 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'build.js': "console.error('src/index.ts(3,7): error TS2322: bad type'); process.exit(2);\n" });
    const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests'] });
    const build = evidence.gates.find((g) => g.id === 'build');
    expect(build).toMatchObject({ status: 'fail', exit_code: 2 });
    const finding = evidence.findings.find((f) => f.gate === 'build');
    expect(finding).toMatchObject({ rule: 'build-failed', severity: 'high', blocking: true });
    expect(finding?.message).toContain('error TS2322: bad type');
    expect(evidence.gates.find((g) => g.id === 'tests')?.status).toBe('inconclusive');
    expect(evidence.verdict).toBe('BLOCKED');
  });

  it('is skipped, with the reason, for a Node project without a build script', async () => {
    const p = project({ 'package.json': packageJson({ test: 'node --test' }), 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'index.js': 'module.exports = 1;\n' });
    const outcome = await runBuildGate(p.dir);
    expect(outcome.status).toBe('skipped');
    expect(outcome.reason).toBe('package.json has no build script: nothing to build');
  });

  it('is inconclusive, never a pass, for a changed project with no supported toolchain', async () => {
    const p = project({ 'README.md': '# hello\n' });
    p.change({ 'main.zig': 'pub fn main() void {}\n' });
    const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests'] });
    const build = evidence.gates.find((g) => g.id === 'build');
    expect(build?.status).toBe('inconclusive');
    expect(build?.reason).toMatch(/^no supported toolchain found: looked for package\.json/);
    expect(evidence.verdict).toBe('CONCERNS');
  });

  it('fails when package.json is not valid JSON', async () => {
    const p = project({ 'package.json': packageJson({ build: 'node build.js' }), 'build.js': BUILD_SCRIPT });
    p.change({ 'package.json': '{ "name": "demo", ' });
    const outcome = await runBuildGate(p.dir);
    expect(outcome.status).toBe('fail');
    expect(outcome.findings?.[0]).toMatchObject({ rule: 'manifest-invalid', file: 'package.json' });
  });

  it('installs with npm ci when node_modules is missing and a lockfile exists, and records the step', async () => {
    const p = project({ 'package.json': packageJson({ build: 'node build.js' }), 'package-lock.json': emptyLockfile(), 'build.js': BUILD_SCRIPT });
    p.change({ 'README.md': 'x' });
    const outcome = await runBuildGate(p.dir);
    expect(outcome.status).toBe('pass');
    expect(outcome.steps).toEqual([expect.objectContaining({ name: 'install', command: 'npm ci --no-audit --no-fund', exit_code: 0 })]);
  });

  it('installs once per run: the build gate records the step, the tests gate reuses it', async () => {
    const p = project({ 'package.json': packageJson({ build: 'node build.js', test: 'node --test' }), 'package-lock.json': emptyLockfile(), 'build.js': BUILD_SCRIPT, 'test/a.test.js': PASSING_NODE_TESTS });
    p.change({ 'README.md': 'x' });
    const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests'] });
    expect(evidence.gates.find((g) => g.id === 'build')?.steps?.map((s) => s.name)).toEqual(['install']);
    expect(evidence.gates.find((g) => g.id === 'tests')?.steps).toBeUndefined();
    expect(evidence.gates.find((g) => g.id === 'tests')?.status).toBe('pass');
  });

  const hasPnpm = whichSync('pnpm');
  it.skipIf(hasPnpm)(`says how to get pnpm when a pnpm lockfile needs an install and pnpm is missing${hasPnpm ? ' (skipped: pnpm is installed here)' : ''}`, async () => {
    const p = project({ 'package.json': packageJson({ build: 'node build.js' }), 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'build.js': BUILD_SCRIPT });
    p.change({ 'README.md': 'x' });
    const outcome = await runBuildGate(p.dir);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('corepack enable');
  });

  it('installs a project without a lockfile as its users do (npm install --no-package-lock), writing no lockfile', async () => {
    const helper = { 'vendor/helper/package.json': JSON.stringify({ name: 'helper', version: '1.0.0', main: 'index.js' }), 'vendor/helper/index.js': "module.exports = () => 'ok';\n" };
    const build = "require('node:fs').mkdirSync('dist', { recursive: true }); require('node:fs').writeFileSync('dist/out.js', require('helper')());\n";
    const p = project({ 'package.json': packageJson({ build: 'node build.js' }, { dependencies: { helper: 'file:./vendor/helper' } }), 'build.js': build, ...helper });
    p.change({ 'README.md': 'x' });
    const outcome = await runBuildGate(p.dir);
    expect(outcome.status, outcome.reason).toBe('pass');
    expect(outcome.steps?.[0]).toMatchObject({ name: 'install', command: 'npm install --no-package-lock --no-audit --no-fund', exit_code: 0 });
    expect(existsSync(join(p.dir, 'package-lock.json'))).toBe(false);
  });

  it('an install without a lockfile that fails makes the gate inconclusive with the installer\'s error, never a build failure', async () => {
    // A dependency whose own install script fails, as a native module without its compiler does.
    const broken = { 'vendor/native/package.json': JSON.stringify({ name: 'native', version: '1.0.0', scripts: { install: 'node -e "console.error(\'gyp ERR! build error\'); process.exit(1)"' } }) };
    const p = project({ 'package.json': packageJson({ build: 'node build.js' }, { dependencies: { native: 'file:./vendor/native' } }), 'build.js': BUILD_SCRIPT, ...broken });
    p.change({ 'README.md': 'x' });
    const outcome = await runBuildGate(p.dir);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toMatch(/^dependency install failed/);
    expect(outcome.findings ?? []).toEqual([]);
  });

  it('is inconclusive when dependencies are declared and missing and install is disabled', async () => {
    const p = project({ 'package.json': packageJson({ build: 'node build.js' }, { dependencies: { 'left-pad': '1.3.0' } }), 'build.js': BUILD_SCRIPT });
    p.change({ 'README.md': 'x' });
    const outcome = await runBuildGate(p.dir, { verify: { install: false } });
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toBe('cannot build: node_modules is missing and dependency install is disabled (verify.install: false)');
    expect(outcome.steps ?? []).toEqual([]);
  });

  it('attack: an empty node_modules left by a failed install is not an install (was: "tsc: not found" blamed on the change)', async () => {
    const lock = JSON.stringify({ name: 'p', lockfileVersion: 3, requires: true, packages: { '': { name: 'p', dependencies: { helper: 'file:vendor/helper' } }, 'node_modules/helper': { resolved: 'vendor/helper', link: true }, 'vendor/helper': { name: 'helper', version: '1.0.0' } } });
    const helper = { 'vendor/helper/package.json': JSON.stringify({ name: 'helper', version: '1.0.0', main: 'index.js' }), 'vendor/helper/index.js': "module.exports = () => 'ok';\n" };
    const build = "require('node:fs').mkdirSync('dist', { recursive: true }); require('node:fs').writeFileSync('dist/out.js', require('helper')());\n";
    const p = project({ 'package.json': packageJson({ build: 'node build.js' }, { dependencies: { helper: 'file:vendor/helper' } }), 'package-lock.json': lock, 'build.js': build, ...helper, '.gitignore': 'node_modules\n' });
    p.change({ 'README.md': 'x' });
    execFileSync('mkdir', ['-p', join(p.dir, 'node_modules/.bin')]);
    const outcome = await runBuildGate(p.dir);
    expect(outcome.status, outcome.reason).toBe('pass');
    expect(outcome.steps?.[0]).toMatchObject({ name: 'install', command: 'npm ci --no-audit --no-fund', exit_code: 0 });
  });

  it('is inconclusive when the install fails (npm ci refuses a lockfile out of sync)', async () => {
    const p = project({ 'package.json': packageJson({ build: 'node build.js' }), 'package-lock.json': emptyLockfile(), 'build.js': BUILD_SCRIPT });
    p.change({ 'package.json': packageJson({ build: 'node build.js' }, { dependencies: { 'left-pad': '1.3.0' } }) });
    const outcome = await runBuildGate(p.dir);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('dependency install failed');
    expect(outcome.reason).toContain('in sync');
    expect(outcome.steps?.[0]).toMatchObject({ name: 'install' });
    expect(outcome.steps?.[0]?.exit_code).not.toBe(0);
  });

  it('runs the configured build command instead of detection', async () => {
    const p = project({ 'README.md': '# no manifest\n', 'make-it.js': BUILD_SCRIPT });
    p.change({ 'README.md': 'x' });
    const outcome = await runBuildGate(p.dir, { verify: { commands: { build: 'node make-it.js && echo built' } } });
    expect(outcome).toMatchObject({ status: 'pass', command: 'node make-it.js && echo built', exitCode: 0 });
    expect(existsSync(join(p.dir, 'dist/out.js'))).toBe(true);
  });

  it('is inconclusive when the build times out', async () => {
    const p = project({ 'package.json': packageJson({ build: 'node -e "setInterval(() => {}, 1000)"' }) });
    p.change({ 'README.md': 'x' });
    const outcome = await runBuildGate(p.dir, {}, { timeoutMs: 1_500 });
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('timed out');
  });

  const hasMake = whichSync('make');
  it.skipIf(!hasMake)(`builds a Makefile project with a build target${hasMake ? '' : ' (skipped: make is not installed)'}`, async () => {
    const p = project({ Makefile: 'build:\n\tmkdir -p out && touch out/built\n' });
    p.change({ 'src.c': 'int main(void) { return 0; }\n' });
    const outcome = await runBuildGate(p.dir);
    expect(outcome).toMatchObject({ status: 'pass', command: 'make build' });
    expect(existsSync(join(p.dir, 'out/built'))).toBe(true);
  });
});
