import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listSourceFiles } from './collect-repo-stats.js';
import { LOCK_SUFFIX } from './lock-spec.js';
import { parseLock } from './read-lock.js';
import type { SpecLock } from './spec-schema.js';

export interface FoundLock {
  /** Relative to the root searched. */
  path: string;
  lock: SpecLock;
}

/**
 * Loki's spec locks in a working tree (or a plain folder): tracked and untracked-but-not-ignored `*.lock.json` files
 * that carry Loki's marker (other tools' lock files are passed over). A damaged Loki lock throws.
 */
export async function findSpecLocks(root: string): Promise<FoundLock[]> {
  const candidates = (await listSourceFiles(root)).filter((p) => p.endsWith(LOCK_SUFFIX)).sort();
  const found: FoundLock[] = [];
  for (const path of candidates) {
    const text = await readFile(join(root, path), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const lock = parseLock(text, path);
    if (lock) found.push({ path, lock });
  }
  return found;
}
