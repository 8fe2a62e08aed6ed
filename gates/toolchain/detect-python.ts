import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileExists, firstExisting, readText } from './read-manifest.js';
import type { StackDetection } from './stack-detection.js';
import type { InstallPlan } from './toolchain.js';
import { detectedCommand } from './tool-command.js';

const MANIFESTS = ['pyproject.toml', 'setup.cfg', 'setup.py', 'pytest.ini', 'tox.ini', 'requirements.txt', 'requirements-dev.txt', 'requirements_dev.txt', 'conftest.py'];

/**
 * Python: pytest when the project configures or depends on it, or keeps test_*.py files in tests/.
 * A uv.lock or poetry.lock says how to install the locked environment and run inside it;
 * otherwise the project's .venv (or python3) runs pytest as it is.
 */
export function detectPython(root: string, installAllowed = true): StackDetection | undefined {
  const manifest = firstExisting(root, MANIFESTS);
  const testFiles = hasPytestStyleFiles(root);
  if (!manifest && !testFiles) return undefined;
  const usesPytest = mentionsPytest(root) || testFiles;
  const env = lockedEnvironment(root, installAllowed);
  // A src layout imports only once installed: without a locked environment to install it, say so and add src/.
  const uninstalledSrc = !env.lockfile && srcPackage(root);
  return {
    stack: { id: 'python', manifest: manifest ?? 'tests/' },
    ...(env.lockfile ? { lockfile: env.lockfile } : {}),
    ...(env.install ? { install: env.install } : {}),
    buildReason: 'Python needs no build step',
    ...(usesPytest
      ? { test: { command: detectedCommand(env.run[0]!, [...env.run.slice(1), '-m', 'pytest', ...srcLayoutPath(root, uninstalledSrc)]), runner: 'pytest' as const }, testReason: `pytest (configured or test_*.py files present)${uninstalledSrc ? '; src/ on the import path (a src layout, not installed)' : ''}` }
      : { testReason: 'no pytest configuration or test_*.py files found' }),
  };
}

interface PythonEnvironment {
  lockfile?: string;
  install?: InstallPlan;
  /** The interpreter invocation, e.g. [".venv/bin/python"] or ["uv", "run", "--frozen", "python"]. */
  run: string[];
}

function lockedEnvironment(root: string, installAllowed: boolean): PythonEnvironment {
  const hasVenv = fileExists(root, '.venv/bin/python');
  if (fileExists(root, 'uv.lock')) {
    const command = detectedCommand('uv', ['sync', '--frozen']);
    const install: InstallPlan = !installAllowed
      ? { command, needed: false, reason: 'dependency install is disabled (verify.install: false)' }
      : hasVenv
        ? { command, needed: false, reason: '.venv is present' }
        : { command, needed: true, reason: '.venv is missing and uv.lock pins the dependencies' };
    return { lockfile: 'uv.lock', install, run: ['uv', 'run', '--frozen', 'python'] };
  }
  if (fileExists(root, 'poetry.lock')) {
    // Poetry keeps its environment outside the project: `poetry install` is cheap when it is current.
    const command = detectedCommand('poetry', ['install', '--no-root', '--no-interaction']);
    const install: InstallPlan = installAllowed
      ? { command, needed: true, reason: 'poetry.lock pins the dependencies' }
      : { command, needed: false, reason: 'dependency install is disabled (verify.install: false)' };
    return { lockfile: 'poetry.lock', install, run: ['poetry', 'run', 'python'] };
  }
  const python = firstExisting(root, ['.venv/bin/python', 'venv/bin/python']);
  return { run: [python ? join(root, python) : 'python3'] };
}

/**
 * A src layout (src/<package>/__init__.py) imports only once the project is installed. Without a
 * locked environment that installs it, pytest gets src/ on its import path (pytest's own
 * `pythonpath` option), unless the project already configures one.
 */
function srcLayoutPath(root: string, uninstalledSrc: boolean): string[] {
  if (!uninstalledSrc) return [];
  const configured = ['pyproject.toml', 'pytest.ini', 'setup.cfg', 'tox.ini'].some((file) => /^\s*pythonpath\s*=/m.test(readText(root, file) ?? ''));
  return configured ? [] : ['-o', 'pythonpath=src'];
}

function srcPackage(root: string): boolean {
  try {
    return readdirSync(join(root, 'src'), { withFileTypes: true }).some((entry) => entry.isDirectory() && fileExists(root, `src/${entry.name}/__init__.py`));
  } catch {
    return false;
  }
}

function mentionsPytest(root: string): boolean {
  if (fileExists(root, 'pytest.ini') || fileExists(root, 'conftest.py')) return true;
  const checks: ReadonlyArray<readonly [string, RegExp]> = [
    ['pyproject.toml', /\[tool\.pytest|pytest/],
    ['setup.cfg', /\[tool:pytest\]|pytest/],
    ['tox.ini', /\[pytest\]|pytest/],
    ['requirements.txt', /^\s*pytest\b/m],
    ['requirements-dev.txt', /^\s*pytest\b/m],
    ['requirements_dev.txt', /^\s*pytest\b/m],
  ];
  return checks.some(([file, pattern]) => pattern.test(readText(root, file) ?? ''));
}

function hasPytestStyleFiles(root: string): boolean {
  for (const dir of ['tests', 'test']) {
    try {
      if (readdirSync(join(root, dir)).some((f) => /^test_.*\.py$|_test\.py$/.test(f))) return true;
    } catch {
      // No such folder.
    }
  }
  return false;
}
