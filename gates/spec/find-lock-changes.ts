import { showFile } from '../git/git.js';
import type { ChangedFile } from '../git/parse-diff.js';
import { compareRequirements, type SpecDrift } from './compare-to-lock.js';
import { LOCK_SUFFIX } from './lock-spec.js';
import { parseLock } from './read-lock.js';
import type { SpecLock } from './spec-schema.js';

/** A spec lock of the merge-base that the change rewrites, moves or deletes. */
export interface LockChange {
  /** The lock at the head (its base path when deleted). */
  path: string;
  basePath: string;
  kind: 'rewritten' | 'removed';
  base: SpecLock;
  head?: SpecLock;
  /** From the base lock's requirements to the head lock's; everything removed when the lock is gone. */
  drift: SpecDrift;
}

export interface LockSides {
  cwd: string;
  mergeBaseSha: string;
  headSha: string;
  files: readonly ChangedFile[];
}

/**
 * The locks a change touches, judged base against head. A lock is the evidence a spec is judged
 * by: a change that re-locks its own spec edit, edits the lock by hand or deletes it would
 * otherwise leave nothing to compare. A lock the change adds is not listed (a new spec is locked
 * for the first time), nor a file that is not a Loki lock on the base.
 */
export async function findLockChanges(sides: LockSides): Promise<LockChange[]> {
  const changes: LockChange[] = [];
  for (const file of sides.files) {
    const basePath = file.oldPath ?? file.path;
    if (file.status === 'added' || !basePath.endsWith(LOCK_SUFFIX)) continue;
    const base = lockAt(await showFile(sides.cwd, sides.mergeBaseSha, basePath), basePath);
    if (!base || base === DAMAGED) continue;
    const head = file.status === 'deleted' ? undefined : lockAt(await showFile(sides.cwd, sides.headSha, file.path), file.path);
    // A damaged lock at the head makes drift uncheckable: the head-side check reports it (inconclusive).
    if (head === DAMAGED) continue;
    const drift = compareRequirements(base.requirements, head?.requirements ?? []);
    changes.push({ path: file.status === 'deleted' ? basePath : file.path, basePath, kind: head ? 'rewritten' : 'removed', base, ...(head ? { head } : {}), drift });
  }
  return changes;
}

const DAMAGED = 'damaged';

/** A Loki lock; undefined for no file or another tool's; DAMAGED for a Loki lock that does not parse. */
function lockAt(text: string | undefined, path: string): SpecLock | typeof DAMAGED | undefined {
  if (text === undefined) return undefined;
  try {
    return parseLock(text, path);
  } catch {
    return DAMAGED;
  }
}
