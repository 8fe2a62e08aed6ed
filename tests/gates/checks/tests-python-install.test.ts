import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testsGate } from '../../../gates/checks/tests.js';
import type { GateOutcome } from '../../../gates/verify/gate.js';
import { runVerify } from '../../../gates/verify/run-verify.js';
import { gateContext } from '../../support/gate-context.js';
import { hasPythonWithPip, inTreeBackend, usePipOffline } from '../toolchain/python-fixtures.js';
import { useTempProjects } from '../toolchain/temp-project.js';

const project = useTempProjects();

async function runTestsGate(dir: string): Promise<GateOutcome> {
  return testsGate.run(await gateContext(dir));
}

/** Imports only when installed: its version comes from the installed metadata, as many packages' do. */
const LIL = `from importlib.metadata import version

__version__ = version("lil")


def double(x):
    return 2 * x


def half(x):
    return x / 2
`;
const LIL_TESTS = `import lil


def test_double():
    assert lil.double(2) == 4


def test_half():
    assert lil.half(4) == 2
`;

/** A flat package `lildep` under deps/, installed from a requirements file. */
function lildep(): Record<string, string> {
  const files = { ...inTreeBackend('lildep', { layout: 'flat' }), 'lildep/__init__.py': 'ANSWER = 42\n' };
  return Object.fromEntries(Object.entries(files).map(([path, text]) => [`deps/lildep/${path}`, text]));
}

describe.skipIf(!hasPythonWithPip)(`Python projects installed in a virtualenv per checkout${hasPythonWithPip ? '' : ' (skipped: python3 with pip and pytest is not installed)'}`, () => {
  usePipOffline();

  it('installs a src-layout package that only imports when installed, and runs pytest in the venv', async () => {
    const p = project({ ...inTreeBackend('lil', { layout: 'src' }), 'src/lil/__init__.py': LIL, 'tests/test_lil.py': LIL_TESTS });
    p.change({ 'src/lil/__init__.py': LIL.replace('2 * x', 'x + x') });
    const outcome = await runTestsGate(p.dir);
    expect(outcome).toMatchObject({ status: 'pass', counts: { total: 2, passed: 2 } });
    expect(outcome.command).toContain('.loki/venv/bin/python -m pytest');
    expect(outcome.command).not.toContain('pythonpath=src');
    expect(outcome.steps).toEqual([expect.objectContaining({ name: 'install', exit_code: 0, command: expect.stringContaining('.loki/venv/bin/python -m pip install -e .[test]') })]);
    expect(existsSync(join(p.dir, '.loki/venv/bin/python'))).toBe(true);
    // The venv is no change of the checkout: git sees nothing new.
    expect(execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: p.dir, encoding: 'utf8' })).toBe('');
  });

  it('retries from what is installed when the build requirements cannot be downloaded, and says so', async () => {
    // setuptools is installed for python3 here, but no index gives one to an isolated build.
    const p = project({ ...inTreeBackend('lil', { layout: 'src', buildRequires: ['setuptools'] }), 'src/lil/__init__.py': LIL, 'tests/test_lil.py': LIL_TESTS });
    p.change({ 'README.md': 'docs\n' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome).toMatchObject({ status: 'pass', counts: { passed: 2 } });
    expect(outcome.steps?.[0]?.command).toContain('|| .loki/venv/bin/python -m pip install --no-index --no-build-isolation -e .[test]');
  });

  it('a failing install makes the gates inconclusive with pip\'s error, never a test failure', async () => {
    const p = project({ ...inTreeBackend('lil', { layout: 'src', dependencies: ['loki-no-such-dist==0.0.1'] }), 'src/lil/__init__.py': LIL, 'tests/test_lil.py': LIL_TESTS });
    p.change({ 'src/lil/__init__.py': LIL.replace('x / 2', 'x / 3') });
    const evidence = await runVerify({ cwd: p.dir, gates: ['diff', 'build', 'tests'] });
    const tests = evidence.gates.find((g) => g.id === 'tests')!;
    expect(tests.status).toBe('inconclusive');
    expect(tests.reason).toMatch(/dependency install failed: `\.loki\/venv\/bin\/python -m pip install -e \.\[test\]` exited with code 1: ERROR: Could not find a version that satisfies the requirement loki-no-such-dist==0\.0\.1/);
    expect(tests.reason).toContain('the retry from what is installed (--no-index --no-build-isolation) failed too');
    expect(evidence.findings.filter((f) => f.gate === 'tests')).toEqual([]);
    expect(evidence.verdict).toBe('CONCERNS');
  });

  it('a project whose build backend nobody can get (flit_core, offline) runs its tests from the source, and says so', async () => {
    // tomli's layout: a src package built by flit_core, which is neither installed nor downloadable here.
    const pyproject = '[build-system]\nrequires = ["loki-absent-backend>=3"]\nbuild-backend = "loki_absent_backend.buildapi"\n\n[project]\nname = "flat"\nversion = "1.0"\n';
    const code = 'def double(x):\n    return 2 * x\n';
    const p = project({ 'pyproject.toml': pyproject, 'src/flat/__init__.py': code, 'tests/test_flat.py': 'import flat\n\n\ndef test_double():\n    assert flat.double(2) == 4\n' });
    p.change({ 'src/flat/__init__.py': code.replace('2 * x', 'x + x + 1') });
    const outcome = await runTestsGate(p.dir);
    // The change's regression is caught: the tests ran against src/, not against nothing.
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toEqual([expect.objectContaining({ rule: 'test-failed', key: 'tests/test_flat.py > test_double' })]);
    expect(outcome.steps?.[0]).toMatchObject({ name: 'install', exit_code: 0, command: expect.stringContaining('|| src/ on the import path') });
  });

  it('a missing dependency is still a failed install, even beside a missing build backend', async () => {
    const pyproject = '[build-system]\nrequires = ["loki-absent-backend>=3"]\nbuild-backend = "loki_absent_backend.buildapi"\n\n[project]\nname = "flat"\nversion = "1.0"\ndependencies = ["loki-no-such-dist==0.0.1"]\n';
    const p = project({ 'pyproject.toml': pyproject, 'src/flat/__init__.py': 'X = 1\n', 'tests/test_flat.py': 'import flat\n\n\ndef test_x():\n    assert flat.X == 1\n' });
    p.change({ 'src/flat/__init__.py': 'X = 2\n' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('installing only its requirements failed too');
    expect(outcome.reason).toContain('loki-no-such-dist');
  });

  it('installs a requirements-file project (runtime and dev files) into the venv', async () => {
    const p = project({ 'requirements.txt': 'pytest\n', 'requirements-dev.txt': './deps/lildep\n', ...lildep(), 'tests/test_app.py': 'import lildep\n\n\ndef test_answer():\n    assert lildep.ANSWER == 42\n' });
    p.change({ 'tests/test_app.py': 'import lildep\n\n\ndef test_answer():\n    assert lildep.ANSWER == 42\n\n\ndef test_more():\n    assert lildep.ANSWER > 0\n' });
    const outcome = await runTestsGate(p.dir);
    expect(outcome).toMatchObject({ status: 'pass', counts: { total: 2, passed: 2 } });
    expect(outcome.steps?.[0]?.command).toContain('-m pip install -r requirements.txt -r requirements-dev.txt');
  });

  it('the automatic baseline installs the merge-base into a venv of its own: a new failure is the change\'s', async () => {
    const p = project({ ...inTreeBackend('lil', { layout: 'src' }), 'src/lil/__init__.py': LIL, 'tests/test_lil.py': LIL_TESTS });
    p.change({ 'src/lil/__init__.py': LIL.replace('x / 2', 'x / 3') });
    const outcome = await runTestsGate(p.dir);
    // Uninstalled, the base could not import lil, and test_half would be excused as failing there too.
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toEqual([expect.objectContaining({ rule: 'test-failed', key: 'tests/test_lil.py > test_half' })]);
    expect(outcome.findings?.[0]?.preExisting).toBeUndefined();
    expect(outcome.steps).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'baseline install', exit_code: 0, command: expect.stringContaining('python3 -m venv --system-site-packages --without-pip --clear .loki/venv') })]));
  });
});

describe.skipIf(!hasPythonWithPip)('the user\'s pip configuration reaches the sandboxed install', () => {
  usePipOffline();
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    delete process.env.XDG_CONFIG_HOME;
    process.env.PIP_CONFIG_FILE = '/dev/null';
  });

  it('finds a dependency only the user\'s pip.conf (find-links) names', async () => {
    const p = project({ ...lildep(), 'README.md': '# app\n' });
    execFileSync('python3', ['-m', 'pip', 'wheel', '--no-deps', '--no-build-isolation', '-w', 'wheels', 'deps/lildep'], { cwd: p.dir, stdio: 'ignore', env: { ...process.env } });
    p.commit('wheels');
    p.change({ 'requirements.txt': 'lildep==1.0\n', 'tests/test_app.py': 'import lildep\n\n\ndef test_answer():\n    assert lildep.ANSWER == 42\n' });
    const config = mkdtempSync(join(tmpdir(), 'loki-pipconf-'));
    made.push(config);
    mkdirSync(join(config, 'pip'));
    writeFileSync(join(config, 'pip/pip.conf'), `[global]\nfind-links = ${join(p.dir, 'wheels')}\n`);
    delete process.env.PIP_CONFIG_FILE;
    process.env.XDG_CONFIG_HOME = config;
    const outcome = await runTestsGate(p.dir);
    expect(outcome).toMatchObject({ status: 'pass', counts: { passed: 1 } });
    // Found by the first attempt, through the index settings: not by the retry from what is installed.
    expect(outcome.steps?.[0]?.command).not.toContain('--no-index');
  });
});
