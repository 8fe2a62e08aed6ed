import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Temporary git repositories for the build/tests/toolchain suites: real git, real files, cleaned
 * up by `cleanup()`. `main` holds the base commit; `change()` commits the head on a branch.
 */
export interface TempProject {
  dir: string;
  write(files: Record<string, string>): void;
  commit(message: string): void;
  /** Writes files (null deletes) on branch `feature` and commits them. */
  change(files: Record<string, string | null>, message?: string): void;
  cleanup(): void;
}

export function tempProject(files: Record<string, string>): TempProject {
  const dir = mkdtempSync(join(tmpdir(), 'loki-proj-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).toString();
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'Test');
  git('config', 'commit.gpgsign', 'false');
  const write = (more: Record<string, string | null>) => {
    for (const [path, content] of Object.entries(more)) {
      const full = join(dir, path);
      if (content === null) rmSync(full, { force: true });
      else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
  };
  write(files);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  let onFeature = false;
  return {
    dir,
    write,
    commit: (message) => {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
    },
    change: (more, message = 'change') => {
      if (!onFeature) git('checkout', '-q', '-b', 'feature');
      onFeature = true;
      write(more);
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
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
