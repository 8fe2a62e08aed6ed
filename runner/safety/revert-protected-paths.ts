import { git, gitResult } from '../../gates/git/git.js';
import { matchesAny } from '../../gates/core/match-glob.js';

export interface ProtectedChange {
  path: string;
  /** What the agent did to it. */
  change: 'added' | 'modified' | 'deleted';
}

/**
 * Undoes the agent's changes to protected paths (workflows, Loki's own config) in the working
 * tree, back to the run-start commit. Each reverted path is returned so the run reports it as a
 * finding: the agent may not grant itself new CI powers or loosen the gates.
 */
export async function revertProtectedPaths(cwd: string, runStartSha: string, patterns: readonly string[]): Promise<ProtectedChange[]> {
  if (patterns.length === 0) return [];
  const changes = (await changedSince(cwd, runStartSha)).filter((c) => matchesAny(c.path, patterns));
  for (const c of changes) {
    if (c.change === 'added') {
      await git(cwd, ['rm', '-q', '-f', '--cached', '--ignore-unmatch', '--', c.path]);
      await gitResult(cwd, ['clean', '-q', '-f', '--', c.path]);
    } else {
      await git(cwd, ['checkout', runStartSha, '--', c.path]);
    }
  }
  return changes;
}

/** Tracked and untracked paths that differ from a commit, without staging anything. */
async function changedSince(cwd: string, commit: string): Promise<ProtectedChange[]> {
  const tracked = await git(cwd, ['diff', '--name-status', '-z', '--no-renames', commit, '--']);
  const parts = tracked.split('\0').filter(Boolean);
  const changes: ProtectedChange[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const status = parts[i]!;
    const path = parts[i + 1]!;
    changes.push({ path, change: status.startsWith('A') ? 'added' : status.startsWith('D') ? 'deleted' : 'modified' });
  }
  const untracked = await git(cwd, ['ls-files', '--others', '--exclude-standard', '-z']);
  for (const path of untracked.split('\0').filter(Boolean)) changes.push({ path, change: 'added' });
  return changes;
}
