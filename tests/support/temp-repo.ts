import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A real git repository in a temporary folder, for tests that need history. */
export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  /** Writes files; `null` deletes one. */
  write(files: Record<string, string | null>): void;
  commit(message: string, files?: Record<string, string | null>): string;
  remove(): void;
}

const IDENTITY = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' };

export function createTempRepo(files: Record<string, string> = { 'README.md': '# test\n' }, branch = 'main'): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), 'loki-repo-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, env: { ...process.env, ...IDENTITY }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const write = (entries: Record<string, string | null>) => {
    for (const [path, content] of Object.entries(entries)) {
      if (content === null) {
        rmSync(join(dir, path), { force: true });
        continue;
      }
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  };
  const commit = (message: string, entries?: Record<string, string | null>) => {
    if (entries) write(entries);
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', message);
    return git('rev-parse', 'HEAD').trim();
  };
  git('init', '-q', '-b', branch);
  git('config', 'commit.gpgsign', 'false');
  commit('initial', files);
  return { dir, git, write, commit, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
