import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { globToRegExp, matchesAny } from '../../../gates/core/match-glob.js';
import { revertProtectedPaths } from '../../../runner/safety/revert-protected-paths.js';
import { createTempRepo, type TempRepo } from '../../support/temp-repo.js';

describe('protected path globs', () => {
  it('matches ** across folders and * within one', () => {
    expect(matchesAny('.github/workflows/ci.yml', ['.github/workflows/**'])).toBe(true);
    expect(matchesAny('.github/workflows/nested/x.yml', ['.github/workflows/**'])).toBe(true);
    expect(matchesAny('.github/loki.yml', ['.github/workflows/**'])).toBe(false);
    expect(matchesAny('src/a.ts', ['src/*.ts'])).toBe(true);
    expect(matchesAny('src/deep/a.ts', ['src/*.ts'])).toBe(false);
    expect(matchesAny('a/b/secrets.env', ['secrets.env'])).toBe(true);
    expect(globToRegExp('docs/**/*.md').test('docs/a/b/c.md')).toBe(true);
    expect(globToRegExp('docs/**/*.md').test('docs/c.md')).toBe(true);
  });
});

describe('revertProtectedPaths', () => {
  let repo: TempRepo;
  afterEach(() => repo.remove());

  it('undoes edits, additions and deletions under protected paths and reports each', async () => {
    repo = createTempRepo({ '.github/workflows/ci.yml': 'on: push\n', '.github/loki.yml': 'build: {}\n', 'src/a.js': 'a\n' });
    const start = repo.git('rev-parse', 'HEAD').trim();
    writeFileSync(join(repo.dir, '.github/workflows/ci.yml'), 'on: push\npermissions: write-all\n');
    mkdirSync(join(repo.dir, '.github/workflows'), { recursive: true });
    writeFileSync(join(repo.dir, '.github/workflows/exfiltrate.yml'), 'on: push\n');
    rmSync(join(repo.dir, '.github/loki.yml'));
    writeFileSync(join(repo.dir, 'src/a.js'), 'changed\n');

    const changes = await revertProtectedPaths(repo.dir, start, ['.github/workflows/**', '.github/loki.yml']);

    expect(changes.map((c) => `${c.change}:${c.path}`).sort()).toEqual(['added:.github/workflows/exfiltrate.yml', 'deleted:.github/loki.yml', 'modified:.github/workflows/ci.yml']);
    expect(readFileSync(join(repo.dir, '.github/workflows/ci.yml'), 'utf8')).toBe('on: push\n');
    expect(existsSync(join(repo.dir, '.github/workflows/exfiltrate.yml'))).toBe(false);
    expect(readFileSync(join(repo.dir, '.github/loki.yml'), 'utf8')).toBe('build: {}\n');
    // Everything else is the agent's to change.
    expect(readFileSync(join(repo.dir, 'src/a.js'), 'utf8')).toBe('changed\n');
  });

  it('also reverts a protected file committed after the run started', async () => {
    repo = createTempRepo({ 'src/a.js': 'a\n' });
    const start = repo.git('rev-parse', 'HEAD').trim();
    repo.commit('sneak', { '.github/workflows/new.yml': 'on: push\n' });
    const changes = await revertProtectedPaths(repo.dir, start, ['.github/workflows/**']);
    expect(changes).toEqual([{ path: '.github/workflows/new.yml', change: 'added' }]);
    expect(existsSync(join(repo.dir, '.github/workflows/new.yml'))).toBe(false);
  });
});
