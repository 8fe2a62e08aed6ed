import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileExists, firstExisting, readText } from './read-manifest.js';
import type { StackDetection } from './stack-detection.js';
import { detectedCommand } from './tool-command.js';

const MANIFESTS = ['pyproject.toml', 'setup.cfg', 'setup.py', 'pytest.ini', 'tox.ini', 'requirements.txt', 'requirements-dev.txt', 'requirements_dev.txt', 'conftest.py'];

/** Python: pytest when the project configures or depends on it, or keeps test_*.py files in tests/. */
export function detectPython(root: string): StackDetection | undefined {
  const manifest = firstExisting(root, MANIFESTS);
  const testFiles = hasPytestStyleFiles(root);
  if (!manifest && !testFiles) return undefined;
  const usesPytest = mentionsPytest(root) || testFiles;
  const python = firstExisting(root, ['.venv/bin/python', 'venv/bin/python']);
  const interpreter = python ? join(root, python) : 'python3';
  return {
    stack: { id: 'python', manifest: manifest ?? 'tests/' },
    buildReason: 'Python needs no build step',
    ...(usesPytest
      ? { test: { command: detectedCommand(interpreter, ['-m', 'pytest']), runner: 'pytest' as const }, testReason: 'pytest (configured or test_*.py files present)' }
      : { testReason: 'no pytest configuration or test_*.py files found' }),
  };
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
