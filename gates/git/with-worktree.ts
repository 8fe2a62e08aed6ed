import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, gitResult } from './git.js';

/**
 * Checks `commit` out in a temporary detached worktree, runs `work` there and removes the
 * worktree afterwards, also when `work` throws. Hooks are off: checking out must run nothing.
 */
export async function withWorktree<T>(repo: string, commit: string, work: (dir: string) => Promise<T>): Promise<T> {
  await gitResult(repo, ['worktree', 'prune']);
  const parent = await mkdtemp(join(tmpdir(), 'loki-base-'));
  const dir = join(parent, 'base');
  // Ctrl-C ends the process without running `finally`: at least the files go (the next run's
  // `git worktree prune` then drops the stale registration).
  const onExit = () => rmSync(parent, { recursive: true, force: true });
  process.once('exit', onExit);
  try {
    await git(repo, ['-c', 'core.hooksPath=/dev/null', 'worktree', 'add', '--detach', '--force', dir, commit]);
    return await work(dir);
  } finally {
    process.removeListener('exit', onExit);
    await gitResult(repo, ['worktree', 'remove', '--force', '--force', dir]);
    await rm(parent, { recursive: true, force: true });
    await gitResult(repo, ['worktree', 'prune']);
  }
}
