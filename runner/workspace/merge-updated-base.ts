import { git, gitResult } from '../../gates/git/git.js';
import { identityEnv } from '../loop/checkpoint.js';

export type BaseUpdate =
  /** The branch already contains the base. */
  | { kind: 'current' }
  /** The updated base was merged in: a merge commit on the branch. */
  | { kind: 'merged'; sha: string; commits: number }
  /** The merge was aborted; the branch is as it was. */
  | { kind: 'conflict'; files: string[] };

export interface MergeBaseOptions {
  cwd: string;
  baseSha: string;
  /** For the merge commit's message: the base branch's name and the build's commit prefix. */
  baseName: string;
  subjectPrefix: string;
  /** Git's environment for fetching what a partial clone lacks (the runner's auth). */
  env?: Record<string, string>;
}

/**
 * A resumed branch picks up the base that moved on since it was made: the base is merged in (a
 * merge, not a rebase, so the branch's pushed history stays a fast-forward). Conflicts abort the
 * merge and are reported by file, for the build to stop on before any agent call.
 */
export async function mergeUpdatedBase(o: MergeBaseOptions): Promise<BaseUpdate> {
  const contained = await gitResult(o.cwd, ['merge-base', '--is-ancestor', o.baseSha, 'HEAD'], { ...(o.env ? { env: o.env } : {}) });
  if (contained.exitCode === 0) return { kind: 'current' };
  const commits = Number((await git(o.cwd, ['rev-list', '--count', `HEAD..${o.baseSha}`])).trim());
  const message = `${o.subjectPrefix}merge ${o.baseName} (${o.baseSha.slice(0, 12)}) into the build branch`;
  const merge = await gitResult(o.cwd, ['-c', 'core.hooksPath=/dev/null', 'merge', '--no-ff', '--no-verify', '--no-edit', '-m', message, o.baseSha], { env: { ...o.env, ...(await identityEnv(o.cwd)) }, timeoutMs: 15 * 60_000 });
  if (merge.exitCode === 0) return { kind: 'merged', sha: (await git(o.cwd, ['rev-parse', 'HEAD'])).trim(), commits };
  const files = (await git(o.cwd, ['diff', '--name-only', '--diff-filter=U', '-z'])).split('\0').filter(Boolean);
  await gitResult(o.cwd, ['merge', '--abort']);
  return { kind: 'conflict', files };
}
