import { opendir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { gitResult } from '../git/git.js';
import { LokiError } from '../core/errors.js';
import type { SkipReason } from './types.js';

/** Root-relative, `/`-separated. */
function toRelative(root: string, absolute: string): string {
  const rel = relative(root, absolute);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * The files to scan under `root`: the given paths (files or directories), else the whole tree.
 * In a git work tree the tree is what git tracks plus untracked files it does not ignore;
 * elsewhere a directory walk. Directories that the skipper rejects are not entered.
 */
export async function listFiles(root: string, paths: readonly string[], skip: (path: string) => SkipReason | undefined): Promise<string[]> {
  if (paths.length === 0) return (await gitFiles(root)) ?? (await walk(root, root, skip));
  const out: string[] = [];
  for (const path of paths) {
    const absolute = isAbsolute(path) ? path : join(root, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) {
      throw new LokiError('USAGE', `the path ${path} does not exist`, { fix: 'pass files or directories that exist, relative to the current directory' });
    }
    if (info.isDirectory()) out.push(...(await walk(root, absolute, skip)));
    else out.push(toRelative(root, absolute));
  }
  return out;
}

async function gitFiles(root: string): Promise<string[] | undefined> {
  const result = await gitResult(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  if (result.exitCode !== 0) return undefined;
  return [...new Set(result.stdout.split('\0').filter(Boolean))];
}

async function walk(root: string, dir: string, skip: (path: string) => SkipReason | undefined): Promise<string[]> {
  const out: string[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    const entries = await opendir(current).catch(() => undefined);
    if (!entries) continue;
    for await (const entry of entries) {
      const absolute = join(current, entry.name);
      const rel = toRelative(root, absolute);
      if (entry.isDirectory()) {
        // Probe with a child path: a skipped directory is never read.
        if (entry.name !== '.git' && !skip(`${rel}/x`)) pending.push(absolute);
      } else if (entry.isFile()) out.push(rel);
    }
  }
  return out.sort();
}
