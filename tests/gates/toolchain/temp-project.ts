import { execFileSync } from 'node:child_process';
import { afterEach } from 'vitest';
import { createTempRepo } from '../../support/temp-repo.js';

/**
 * Temporary projects for the build/tests/toolchain suites, on the shared temporary repository:
 * `main` holds the base commit; `change()` commits the head on branch `feature`.
 */
export interface TempProject {
  dir: string;
  write(files: Record<string, string>): void;
  commit(message: string): void;
  /** Writes files (null deletes) on branch `feature` and commits them. */
  change(files: Record<string, string | null>, message?: string): void;
  cleanup(): void;
}

function tempProject(files: Record<string, string>): TempProject {
  const repo = createTempRepo(files);
  let onFeature = false;
  return {
    dir: repo.dir,
    write: repo.write,
    commit: (message) => void repo.commit(message),
    change: (more, message = 'change') => {
      if (!onFeature) repo.git('checkout', '-q', '-b', 'feature');
      onFeature = true;
      repo.commit(message, more);
    },
    cleanup: repo.remove,
  };
}

/** A `project(files)` maker for a suite: every project it makes is removed after each test. */
export function useTempProjects(): (files: Record<string, string>) => TempProject {
  const made: TempProject[] = [];
  afterEach(() => {
    for (const p of made.splice(0)) p.cleanup();
  });
  return (files) => {
    const p = tempProject(files);
    made.push(p);
    return p;
  };
}

/** A package.json for a dependency-free Node project. */
export function packageJson(scripts: Record<string, string>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ name: 'demo', version: '1.0.0', private: true, scripts, ...extra }, null, 2);
}

/** A lockfile for a project with no dependencies: `npm ci` accepts it and installs nothing. */
export function emptyLockfile(): string {
  return JSON.stringify({ name: 'demo', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'demo', version: '1.0.0' } } }, null, 2);
}

export const PASSING_NODE_TESTS = `const test = require('node:test');
const assert = require('node:assert');
test('adds', () => assert.equal(1 + 1, 2));
test.describe('math', () => {
  test.it('subtracts', () => assert.equal(2 - 1, 1));
});
`;

export function whichSync(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
