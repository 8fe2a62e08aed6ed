import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Toolchain } from './toolchain.js';

/**
 * Lets another checkout (the merge-base's, or a clean worktree of the head) use the installed
 * node_modules of `from` when both pin the same dependencies (identical lockfile), instead of
 * installing them again. Returns what it did.
 */
export function shareNodeModules(from: Toolchain, toDir: string): string | undefined {
  const lockfile = from.lockfile;
  // Only an install that matches its lockfile is shared: an empty or stale one would be installed
  // again through the link, over the checkout's own folder.
  if (!from.node?.modules.installed || !lockfile || existsSync(join(toDir, 'node_modules'))) return undefined;
  const modules = join(from.root, 'node_modules');
  if (!existsSync(modules)) return undefined;
  const fromLock = readOptional(join(from.root, lockfile));
  const toLock = readOptional(join(toDir, lockfile));
  if (fromLock === undefined || fromLock !== toLock) return undefined;
  symlinkSync(modules, join(toDir, 'node_modules'), 'dir');
  return `reused the node_modules of ${from.root} (${lockfile} is the same)`;
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
