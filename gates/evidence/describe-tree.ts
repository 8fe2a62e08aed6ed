import type { Tree } from './schema.js';

/** One sentence for the report and the live view: where the gates ran, and what they did not see. */
export function describeTree(tree: Tree, headSha: string): string {
  const where = tree.checked_out === 'in-place' ? 'the checkout itself (clean, at the head commit)' : `a clean worktree of ${headSha.slice(0, 12)}`;
  if (tree.dirty_count === 0) return where;
  const more = tree.dirty_count > tree.dirty_paths.length ? `, and ${tree.dirty_count - tree.dirty_paths.length} more` : '';
  return `${where}: uncommitted changes in ${tree.dirty_count} path${tree.dirty_count === 1 ? '' : 's'} (${tree.dirty_paths.join(', ')}${more}) were not verified`;
}
