import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileExists, firstExisting, readText } from './read-manifest.js';
import { readPythonProject } from './read-python-project.js';
import type { StackDetection } from './stack-detection.js';
import type { InstallPlan } from './toolchain.js';
import { detectedCommand } from './tool-command.js';

const MANIFESTS = ['pyproject.toml', 'setup.cfg', 'setup.py', 'pytest.ini', 'tox.ini', 'requirements.txt', 'requirements-dev.txt', 'requirements_dev.txt', 'conftest.py'];

/**
 * Python: pytest when the project configures or depends on it, or keeps test_*.py files in tests/.
 * A uv.lock or poetry.lock says how to install the locked environment and run inside it;
 * otherwise each checkout gets a virtualenv of Loki's with the project installed as its users
 * install it (`pip install -e .[test]`, `-r requirements*.txt`), and pytest runs in it.
 */
export function detectPython(root: string, installAllowed = true): StackDetection | undefined {
  const manifest = firstExisting(root, MANIFESTS);
  const testFiles = hasPytestStyleFiles(root);
  if (!manifest && !testFiles) return undefined;
  const usesPytest = mentionsPytest(root) || testFiles;
  const src = srcPackage(root);
  const env = pythonEnvironment(root, installAllowed, src);
  // A src layout imports only once installed: when nothing installs it, say so and add src/.
  const uninstalledSrc = !env.installsProject && src;
  const args = [...env.run.slice(1), '-m', 'pytest', ...srcLayoutPath(root, uninstalledSrc)];
  return {
    stack: { id: 'python', manifest: manifest ?? 'tests/' },
    ...(env.lockfile ? { lockfile: env.lockfile } : {}),
    ...(env.install ? { install: env.install } : {}),
    buildReason: 'Python needs no build step',
    ...(usesPytest
      ? { test: { command: { ...detectedCommand(env.run[0]!, args), display: [env.shownAs ?? env.run[0]!, ...args].join(' ') }, runner: 'pytest' as const }, testReason: `pytest (configured or test_*.py files present)${env.why ? `; ${env.why}` : ''}${uninstalledSrc ? '; src/ on the import path (a src layout, not installed)' : ''}` }
      : { testReason: 'no pytest configuration or test_*.py files found' }),
  };
}

/** Where Loki's virtualenv of a checkout lives: in Loki's own folder, which no gate counts as the change. */
export const VENV_DIR = '.loki/venv';

interface PythonEnvironment {
  lockfile?: string;
  install?: InstallPlan;
  /** The interpreter invocation, e.g. ["/repo/.loki/venv/bin/python"] or ["uv", "run", "--frozen", "python"]. */
  run: string[];
  /** How the interpreter is shown (relative to the checkout, so head and base read alike). */
  shownAs?: string;
  /** The install puts the project itself on the import path. */
  installsProject: boolean;
  why?: string;
}

function pythonEnvironment(root: string, installAllowed: boolean, src: boolean): PythonEnvironment {
  const disabled = 'dependency install is disabled (verify.install: false)';
  if (fileExists(root, 'uv.lock')) {
    const command = detectedCommand('uv', ['sync', '--frozen']);
    const install: InstallPlan = !installAllowed
      ? { command, needed: false, reason: disabled }
      : fileExists(root, '.venv/bin/python')
        ? { command, needed: false, reason: '.venv is present' }
        : { command, needed: true, reason: '.venv is missing and uv.lock pins the dependencies' };
    return { lockfile: 'uv.lock', install, run: ['uv', 'run', '--frozen', 'python'], installsProject: true };
  }
  if (fileExists(root, 'poetry.lock')) {
    // Poetry keeps its environment outside the project: `poetry install` is cheap when it is current.
    const command = detectedCommand('poetry', ['install', '--no-root', '--no-interaction']);
    const install: InstallPlan = installAllowed ? { command, needed: true, reason: 'poetry.lock pins the dependencies' } : { command, needed: false, reason: disabled };
    return { lockfile: 'poetry.lock', install, run: ['poetry', 'run', 'python'], installsProject: false };
  }
  return venvEnvironment(root, installAllowed, disabled, src);
}

/**
 * No lock: a virtualenv per checkout (head and base alike, so both run under the same interpreter
 * setup; a `.venv` the checkout may hold is not used, since the base's worktree never has one).
 */
function venvEnvironment(root: string, installAllowed: boolean, disabled: string, src: boolean): PythonEnvironment {
  const project = readPythonProject(root);
  const editable = project.installable ? ['-e', project.extras.length ? `.[${project.extras.join(',')}]` : '.'] : [];
  const pipArgs = [...project.requirementFiles.flatMap((file) => ['-r', file]), ...editable];
  if (pipArgs.length === 0) return { run: ['python3'], installsProject: false, why: 'nothing to install (no pyproject.toml/setup.py package, no requirements*.txt)' };
  const dir = join(root, VENV_DIR);
  const python = join(dir, 'bin/python');
  const command = { ...detectedCommand(python, ['-m', 'pip', 'install', ...pipArgs]), display: [`${VENV_DIR}/bin/python`, '-m', 'pip', 'install', ...pipArgs].join(' ') };
  if (!installAllowed) return { install: { command, needed: false, reason: disabled }, run: ['python3'], installsProject: false, why: `not installed: ${disabled}` };
  const what = [project.requirementFiles.length ? project.requirementFiles.join(', ') : '', project.installable ? `the project${project.extras.length ? ` with its ${project.extras.join(', ')} extras` : ''}` : ''].filter(Boolean).join(' and ');
  const fromSource = project.installable
    ? { pipArgs: [...project.requirementFiles.flatMap((file) => ['-r', file]), ...project.dependencies], importPath: src ? join(root, 'src') : root, ...(project.buildBackend ? { buildBackend: project.buildBackend } : {}) }
    : undefined;
  return {
    install: { command, needed: true, reason: `a virtualenv for this checkout, with ${what}`, venv: { dir, python: 'python3', pipArgs, ...(fromSource ? { fromSource } : {}) } },
    run: [python],
    shownAs: `${VENV_DIR}/bin/python`,
    installsProject: project.installable,
    why: `in ${VENV_DIR} (${what} installed)`,
  };
}

/**
 * A src layout (src/<package>/__init__.py) imports only once the project is installed. When
 * nothing installs it (install disabled, no package manifest, poetry's --no-root), pytest gets
 * src/ on its import path (pytest's own `pythonpath` option), unless the project configures one.
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
