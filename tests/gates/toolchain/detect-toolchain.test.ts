import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LokiConfigSchema, type LokiConfigInput } from '../../../gates/config/schema.js';
import { detectToolchain } from '../../../gates/toolchain/detect-toolchain.js';
import { emptyLockfile, packageJson } from './temp-project.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'loki-detect-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const detect = (files: Record<string, string>, config: LokiConfigInput = {}) => detectToolchain(folder(files), LokiConfigSchema.parse(config));

describe('detectToolchain: Node', () => {
  it.each([
    ['package-lock.json', 'npm', 'npm ci --no-audit --no-fund'],
    ['npm-shrinkwrap.json', 'npm', 'npm ci --no-audit --no-fund'],
    ['pnpm-lock.yaml', 'pnpm', 'pnpm install --frozen-lockfile'],
    ['yarn.lock', 'yarn', 'yarn install --frozen-lockfile'],
  ])('picks the package manager from %s', async (lockfile, pm, install) => {
    const t = await detect({ 'package.json': packageJson({ build: 'tsc', test: 'vitest run' }), [lockfile]: lockfile.endsWith('.json') ? emptyLockfile() : '' });
    expect(t.packageManager).toBe(pm);
    expect(t.lockfile).toBe(lockfile);
    expect(t.install).toMatchObject({ needed: true, command: { display: install, shell: false } });
    expect(t.build?.display).toBe(`${pm} run build`);
    expect(t.test?.command.display).toBe(`${pm} run test`);
  });

  it('uses yarn --immutable for Yarn 2+ (.yarnrc.yml)', async () => {
    const t = await detect({ 'package.json': packageJson({}), 'yarn.lock': '', '.yarnrc.yml': 'nodeLinker: node-modules\n' });
    expect(t.install?.command.display).toBe('yarn install --immutable');
  });

  it('does not install when node_modules is present, or when install is disabled', async () => {
    const present = await detect({ 'package.json': packageJson({}), 'package-lock.json': emptyLockfile(), 'node_modules/.keep': '' });
    expect(present.install).toMatchObject({ needed: false, reason: 'node_modules is present and matches package.json and package-lock.json' });
    const disabled = await detect({ 'package.json': packageJson({}, { dependencies: { a: '1' } }), 'package-lock.json': emptyLockfile() }, { verify: { install: false } });
    expect(disabled.install?.needed).toBe(false);
    expect(disabled.missingDependencies).toBe('node_modules is missing and dependency install is disabled (verify.install: false)');
  });

  const lockWith = (versions: Record<string, string>) => JSON.stringify({
    name: 'p', lockfileVersion: 3, requires: true,
    packages: { '': { name: 'p' }, ...Object.fromEntries(Object.entries(versions).map(([n, v]) => [`node_modules/${n}`, { version: v }])) },
  });
  const installed = (name: string, version: string) => ({ [`node_modules/${name}/package.json`]: JSON.stringify({ name, version }) });
  const withDeps = packageJson({ test: 'node --test' }, { dependencies: { left: '^1.0.0' }, devDependencies: { right: '^2.0.0' } });

  it('a node_modules folder is not an install: empty, missing a declared dependency, or at versions the lockfile no longer pins → install again', async () => {
    const empty = await detect({ 'package.json': withDeps, 'package-lock.json': lockWith({ left: '1.0.0', right: '2.0.0' }), 'node_modules/.package-lock.json': '{}' });
    expect(empty.install).toMatchObject({ needed: true, reason: 'node_modules is empty (a failed or interrupted install?); package-lock.json pins the dependencies' });
    const lacking = await detect({ 'package.json': withDeps, 'package-lock.json': lockWith({ left: '1.0.0', right: '2.0.0' }), ...installed('left', '1.0.0') });
    expect(lacking.install).toMatchObject({ needed: true, reason: 'node_modules lacks right, which package.json declares; package-lock.json pins the dependencies' });
    const stale = await detect({ 'package.json': withDeps, 'package-lock.json': lockWith({ left: '1.2.0', right: '2.0.0' }), ...installed('left', '1.0.0'), ...installed('right', '2.0.0') });
    expect(stale.install).toMatchObject({ needed: true, command: { display: 'npm ci --no-audit --no-fund' }, reason: 'node_modules has left@1.0.0, but package-lock.json pins 1.2.0; package-lock.json pins the dependencies' });
    const current = await detect({ 'package.json': withDeps, 'package-lock.json': lockWith({ left: '1.2.0', right: '2.0.0' }), ...installed('left', '1.2.0'), ...installed('right', '2.0.0') });
    expect(current.install?.needed).toBe(false);
    // yarn and pnpm lockfiles are not read for versions, but every declared dependency must be there.
    const yarn = await detect({ 'package.json': withDeps, 'yarn.lock': '', ...installed('left', '1.0.0') });
    expect(yarn.install).toMatchObject({ needed: true, reason: expect.stringContaining('node_modules lacks right') });
  });

  it('without a lockfile, installs as a user would (npm install --no-package-lock; pnpm/yarn --no-lockfile), and uses the packageManager field', async () => {
    const npm = await detect({ 'package.json': packageJson({ test: 'jest' }, { devDependencies: { jest: '29' } }) });
    expect(npm.install).toMatchObject({ needed: true, command: { display: 'npm install --no-package-lock --no-audit --no-fund' }, reason: expect.stringContaining('node_modules is missing; there is no lockfile') });
    expect(npm.missingDependencies).toBeUndefined();
    const t = await detect({ 'package.json': packageJson({ test: 'jest' }, { devDependencies: { jest: '29' }, packageManager: 'pnpm@9.1.0' }) });
    expect(t.packageManager).toBe('pnpm');
    expect(t.install?.command.display).toBe('pnpm install --no-lockfile');
    const none = await detect({ 'package.json': packageJson({ test: 'node --test' }) });
    expect(none.install).toBeUndefined();
  });

  it.each([
    ['node --test', 'node-test'],
    ['node --experimental-strip-types --test test/', 'node-test'],
    ['tsx --test src/**/*.test.ts', 'node-test'],
    ['vitest run --coverage', 'vitest'],
    ['vitest', 'vitest'],
    ['cross-env NODE_ENV=test jest --ci', 'jest'],
    ['npx jest', 'jest'],
    ['mocha "test/**/*.spec.js"', 'mocha'],
    ['tsc -p . && node --test dist/', 'node-test'],
    ['ava', 'ava'],
    ['ava --verbose test/*.js', 'ava'],
    ['tape test/*.js | tap-spec', 'tape'],
    ['node_modules/.bin/tape "test/**/*.js"', 'tape'],
    ['uvu test', 'uvu'],
    ['c8 uvu -r tsm tests', 'uvu'],
    ['lava build', 'unknown'],
    ['node scripts/run-tests.js', 'unknown'],
  ])('finds the runner behind "%s"', async (script, runner) => {
    const t = await detect({ 'package.json': packageJson({ test: script }) });
    expect(t.test?.runner).toBe(runner);
    expect(t.test?.script).toEqual({ name: 'test', text: script });
  });

  it('follows npm run / pnpm / yarn hand-overs to the script that runs the runner', async () => {
    const t = await detect({ 'package.json': packageJson({ test: 'npm run test:unit', 'test:unit': 'yarn run spec', spec: 'vitest run' }) });
    expect(t.test).toMatchObject({ runner: 'vitest', script: { name: 'spec', text: 'vitest run' }, command: { display: 'npm run spec' } });
  });

  it('follows a hand-over at the end of a compound script to the runner', async () => {
    const t = await detect({ 'package.json': packageJson({ test: 'npm run lint && npm run unit', lint: 'eslint .', unit: 'jest --ci' }) });
    expect(t.test).toMatchObject({ runner: 'jest', script: { name: 'unit', text: 'jest --ci' }, command: { display: 'npm run unit' } });
  });

  it('runs the test step of a command list that ends in a lint hand-over (fb55/nth-check), and says what it left out', async () => {
    // The old planner followed the last hand-over (lint) and ran a linter as "the tests".
    const t = await detect({ 'package.json': packageJson({ test: 'npm run test:vi && npm run lint', 'test:vi': 'vitest run', lint: 'npm run lint:es && npm run lint:biome', 'lint:es': 'eslint .', 'lint:biome': 'biome check .' }) });
    expect(t.test).toMatchObject({ runner: 'vitest', script: { name: 'test:vi', text: 'vitest run' }, command: { display: 'npm run test:vi' } });
    expect(t.testReason).toContain('not run as tests: `npm run lint`');
  });

  it('has no build for a project without a build script, and no test for the npm placeholder', async () => {
    const t = await detect({ 'package.json': packageJson({ test: 'echo "Error: no test specified" && exit 1' }) });
    expect(t.build).toBeUndefined();
    expect(t.buildReason).toBe('package.json has no build script: nothing to build');
    expect(t.test).toBeUndefined();
    expect(t.testReason).toContain('placeholder');
  });

  it('reports an unreadable package.json instead of throwing', async () => {
    const t = await detect({ 'package.json': '{ nope' });
    expect(t.manifestErrors[0]?.file).toBe('package.json');
    expect(t.manifestErrors[0]?.message).toMatch(/^package\.json is not valid JSON/);
    const wrongType = await detect({ 'package.json': JSON.stringify({ scripts: { test: 42 } }) });
    expect(wrongType.manifestErrors[0]?.message).toContain('scripts.test');
  });

  it('notes TypeScript for the static gate', async () => {
    expect((await detect({ 'package.json': packageJson({}), 'tsconfig.json': '{}' })).node?.usesTypeScript).toBe(true);
    expect((await detect({ 'package.json': packageJson({}) })).node?.usesTypeScript).toBe(false);
  });
});

describe('detectToolchain: other stacks', () => {
  it('Python with pytest: from config files, requirements or test_*.py files', async () => {
    const variants: Array<Record<string, string>> = [{ 'pytest.ini': '[pytest]\n' }, { 'pyproject.toml': '[tool.pytest.ini_options]\n' }, { 'tests/test_x.py': 'def test_a(): pass\n' }];
    for (const files of variants) {
      const t = await detect(files);
      expect(t.stacks[0]?.id).toBe('python');
      // Nothing to install: the interpreter as it is.
      expect(t.test).toMatchObject({ runner: 'pytest', command: { file: 'python3', args: ['-m', 'pytest'] } });
      expect(t.build).toBeUndefined();
    }
    const requirements = await detect({ 'requirements-dev.txt': 'pytest==8\n' });
    expect(requirements.test).toMatchObject({ runner: 'pytest', command: { file: join(requirements.root, '.loki/venv/bin/python'), display: '.loki/venv/bin/python -m pytest' } });
    expect(requirements.install).toMatchObject({ needed: true, command: { display: '.loki/venv/bin/python -m pip install -r requirements-dev.txt' } });
  });

  it("Python without a lock runs in a virtualenv of Loki's for each checkout, not in a .venv the checkout holds (the base's has none)", async () => {
    const t = await detect({ 'pyproject.toml': '[project]\nname = "x"\nversion = "1"\n[project.optional-dependencies]\ntest = ["pytest"]\n', '.venv/bin/python': '' });
    expect(t.test?.command.file).toBe(join(t.root, '.loki/venv/bin/python'));
    expect(t.install).toMatchObject({ needed: true, command: { display: '.loki/venv/bin/python -m pip install -e .[test]' } });
    const disabled = await detect({ 'pyproject.toml': '[project]\nname = "x"\nversion = "1"\n', 'tests/test_x.py': '' }, { verify: { install: false } });
    expect(disabled.install?.needed).toBe(false);
    expect(disabled.test?.command.file).toBe('python3');
  });

  it('Python with uv.lock: uv sync --frozen when .venv is missing, tests inside uv run', async () => {
    const t = await detect({ 'pyproject.toml': '[project]\nname="x"\n[dependency-groups]\ndev=["pytest"]\n', 'uv.lock': '' });
    expect(t.lockfile).toBe('uv.lock');
    expect(t.install).toMatchObject({ needed: true, command: { display: 'uv sync --frozen' } });
    expect(t.test?.command.display).toBe('uv run --frozen python -m pytest');
    const present = await detect({ 'pyproject.toml': 'pytest', 'uv.lock': '', '.venv/bin/python': '' });
    expect(present.install?.needed).toBe(false);
  });

  it('Python with poetry.lock: poetry install, tests inside poetry run', async () => {
    const t = await detect({ 'pyproject.toml': '[tool.poetry.group.dev.dependencies]\npytest = "^8"\n', 'poetry.lock': '' });
    expect(t.install).toMatchObject({ needed: true, command: { display: 'poetry install --no-root --no-interaction' } });
    expect(t.test?.command.display).toBe('poetry run python -m pytest');
    const disabled = await detect({ 'pyproject.toml': 'pytest', 'poetry.lock': '' }, { verify: { install: false } });
    expect(disabled.install?.needed).toBe(false);
  });

  it('Python without pytest has no test command, and says why', async () => {
    const t = await detect({ 'setup.py': 'from setuptools import setup\nsetup()\n' });
    expect(t.stacks.map((s) => s.id)).toEqual(['python']);
    expect(t.test).toBeUndefined();
    expect(t.testReason).toContain('no pytest');
  });

  it('Go, Rust, Maven, Gradle', async () => {
    const go = await detect({ 'go.mod': 'module x\n', 'go.sum': '' });
    expect([go.build?.display, go.test?.command.display, go.test?.runner, go.lockfile]).toEqual(['go build ./...', 'go test ./...', 'go-test', 'go.sum']);
    const rust = await detect({ 'Cargo.toml': '[package]\nname="x"\n', 'Cargo.lock': '' });
    expect([rust.build?.display, rust.test?.command.display, rust.test?.runner, rust.lockfile]).toEqual(['cargo build --all-targets', 'cargo test --no-fail-fast', 'cargo-test', 'Cargo.lock']);
    const maven = await detect({ 'pom.xml': '<project/>' });
    expect([maven.build?.display, maven.test?.command.display, maven.test?.runner]).toEqual(['mvn -B -DskipTests package', 'mvn -B test', 'maven-surefire']);
    const wrapped = await detect({ 'pom.xml': '<project/>', mvnw: '#!/bin/sh\n' });
    expect(wrapped.test?.command.file).toBe(join(wrapped.root, 'mvnw'));
    const gradle = await detect({ 'build.gradle.kts': '', gradlew: '' });
    expect(gradle.stacks[0]).toEqual({ id: 'gradle', manifest: 'build.gradle.kts' });
    expect(gradle.test?.command).toMatchObject({ file: join(gradle.root, 'gradlew'), args: ['--console=plain', 'test'] });
    expect(gradle.test?.runner).toBe('gradle-test');
  });

  it('Make: build and test targets, with the runner read from the recipe', async () => {
    const t = await detect({ Makefile: 'CC := cc\nbuild:\n\t$(CC) -o app app.c\n\ntest: build\n\t@python3 -m pytest -q\n' });
    expect(t.stacks).toEqual([{ id: 'make', manifest: 'Makefile' }]);
    expect(t.build?.display).toBe('make build');
    expect(t.test).toMatchObject({ runner: 'pytest', command: { display: 'make test' } });
    expect((await detect({ Makefile: 'all:\n\techo hi\n' })).stacks).toEqual([]);
  });

  it('prefers a language stack over Make, and takes each step from the first stack that has it', async () => {
    const t = await detect({ 'package.json': packageJson({ test: 'node --test' }), Makefile: 'build:\n\techo build\n' });
    expect(t.stacks.map((s) => s.id)).toEqual(['node', 'make']);
    expect(t.build?.display).toBe('make build');
    expect(t.test?.command.display).toBe('npm run test');
  });

  it('finds nothing in a project with no known manifest', async () => {
    const t = await detect({ 'README.md': '# hi\n', 'main.zig': '' });
    expect(t.stacks).toEqual([]);
    expect(t.build).toBeUndefined();
    expect(t.test).toBeUndefined();
    expect(t.buildReason).toMatch(/^no supported toolchain found: looked for package\.json/);
  });
});

describe('detectToolchain: commands from the config replace detection', () => {
  it('uses verify.commands.install|build|test as shell commands', async () => {
    const t = await detect(
      { 'package.json': packageJson({ build: 'tsc', test: 'jest' }) },
      { verify: { commands: { install: 'make deps', build: 'make all', test: 'pytest -q tests/unit' } } },
    );
    expect(t.install).toMatchObject({ needed: true, command: { display: 'make deps', shell: true, source: 'config' } });
    expect(t.build).toMatchObject({ display: 'make all', shell: true, source: 'config' });
    expect(t.test).toMatchObject({ runner: 'pytest', command: { display: 'pytest -q tests/unit', shell: true } });
    expect(t.fromConfig).toEqual({ install: true, build: true, test: true });
    expect(t.missingDependencies).toBeUndefined();
  });

  it("reads the runner of a configured `npm test` from package.json's script", async () => {
    const t = await detect({ 'package.json': packageJson({ test: 'vitest run' }) }, { verify: { commands: { test: 'npm test' } } });
    expect(t.test?.runner).toBe('vitest');
  });

  it('works for a project with no manifest at all', async () => {
    const t = await detect({ 'run.sh': '' }, { verify: { commands: { test: 'sh run.sh' } } });
    expect(t.stacks).toEqual([]);
    expect(t.test).toMatchObject({ runner: 'unknown', command: { display: 'sh run.sh' } });
  });
});
