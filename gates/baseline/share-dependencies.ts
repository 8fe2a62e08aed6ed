import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Toolchain } from '../toolchain/toolchain.js';

/**
 * Lets the base checkout use the head's installed node_modules when both pin the same
 * dependencies (identical lockfile), instead of installing them again. Returns what it did.
 */
export function shareNodeModules(head: Toolchain, baseDir: string): string | undefined {
  const lockfile = head.lockfile;
  if (!head.node || !lockfile || existsSync(join(baseDir, 'node_modules'))) return undefined;
  const headModules = join(head.root, 'node_modules');
  if (!existsSync(headModules)) return undefined;
  const headLock = readOptional(join(head.root, lockfile));
  const baseLock = readOptional(join(baseDir, lockfile));
  if (headLock === undefined || headLock !== baseLock) return undefined;
  symlinkSync(headModules, join(baseDir, 'node_modules'), 'dir');
  return `reused the head's node_modules (${lockfile} is unchanged)`;
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
