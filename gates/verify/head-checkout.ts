import { join } from 'node:path';
import { withSandboxScope } from '../sandbox/scope.js';
import type { LokiConfig } from '../config/schema.js';
import type { Tree } from '../evidence/schema.js';
import { dirtyPaths, resolveCommit } from '../git/git.js';
import { withWorktree } from '../git/with-worktree.js';
import { detectToolchain } from '../toolchain/detect-toolchain.js';
import { shareNodeModules } from '../toolchain/share-dependencies.js';

const LISTED_DIRTY_PATHS = 20;

/**
 * Runs `work` in a checkout of exactly `headSha`: the repository itself when it is clean and at
 * that commit, else a temporary clean worktree of it (sharing the checkout's node_modules when the
 * lockfile is the same), so uncommitted edits, untracked files or another branch checked out
 * cannot change a verdict about the commit. The tree record says which, and what was dirty.
 */
export async function withHeadCheckout<T>(repo: string, headSha: string, config: LokiConfig, work: (dir: string, tree: Tree) => Promise<T>): Promise<T> {
  const [dirty, at] = await Promise.all([dirtyPaths(repo), resolveCommit(repo, 'HEAD')]);
  const record = (checked_out: Tree['checked_out']): Tree => ({ checked_out, dirty_paths: dirty.slice(0, LISTED_DIRTY_PATHS), dirty_count: dirty.length });
  if (dirty.length === 0 && at === headSha) return work(repo, record('in-place'));
  return withWorktree(repo, headSha, async (dir) => {
    const shared = shareNodeModules(await detectToolchain(repo, config), dir);
    // The shared node_modules stays in the checkout: the worktree's sandboxed commands may read it.
    return withSandboxScope({ readable: shared ? [join(repo, 'node_modules')] : [] }, () => work(dir, record('clean-worktree')));
  });
}
