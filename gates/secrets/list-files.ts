import { opendir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { gitResult } from '../git/git.js';
import { LokiError } from '../core/errors.js';
import type { SkipReason } from './types.js';

/**
 * A path to scan: root-relative (or absolute) text, shown root-relative; or an absolute path
 * with the name to show it by (`shownAs`, e.g. what the user typed for a folder outside the root).
 */
export type ScanPath = string | { path: string; shownAs: string };

/** A file to read (`absolute`) and the `/`-separated name it is reported under (`path`). */
export interface ListedFile {
  path: string;
  absolute: string;
}

function slashes(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * The files to scan under `root`: the given paths (files or directories), else the whole tree.
 * In a git work tree the tree is what git tracks plus untracked files it does not ignore;
 * elsewhere a directory walk. A given directory is walked whole (inside a repository or not,
 * like `gitleaks dir`); directories that the skipper rejects are not entered. A path inside
 * the root is reported root-relative (so fingerprints match the repository's ignore file); one
 * outside it by its `shownAs` name and the path beneath it.
 */
export async function listFiles(root: string, paths: readonly ScanPath[], skip: (path: string) => SkipReason | undefined): Promise<ListedFile[]> {
  if (paths.length === 0) {
    const tracked = await gitFiles(root);
    return tracked ? tracked.map((path) => ({ path, absolute: join(root, path) })) : walk(root, '', skip);
  }
  const out: ListedFile[] = [];
  for (const given of paths) {
    const text = typeof given === 'string' ? given : given.path;
    const absolute = isAbsolute(text) ? text : join(root, text);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) {
      throw new LokiError('USAGE', `the path ${typeof given === 'string' ? given : given.shownAs} does not exist`, { fix: 'pass files or directories that exist, relative to the current directory' });
    }
    const shown = typeof given === 'string' ? rootRelative(root, absolute) : slashes(given.shownAs).replace(/\/+$/, '') || '/';
    if (info.isDirectory()) out.push(...(await walk(absolute, shown, skip)));
    else out.push({ path: shown, absolute });
  }
  return out;
}

function rootRelative(root: string, absolute: string): string {
  const rel = relative(root, absolute);
  return rel.startsWith('..') || isAbsolute(rel) ? slashes(resolve(absolute)) : slashes(rel);
}

async function gitFiles(root: string): Promise<string[] | undefined> {
  const result = await gitResult(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  if (result.exitCode !== 0) return undefined;
  return [...new Set(result.stdout.split('\0').filter(Boolean))];
}

/** Every file under `dir`, named `shown/…` ('' or '.' shows bare relative names). */
async function walk(dir: string, shown: string, skip: (path: string) => SkipReason | undefined): Promise<ListedFile[]> {
  const prefix = shown === '' || shown === '.' ? '' : shown.endsWith('/') ? shown : `${shown}/`;
  const out: ListedFile[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    const entries = await opendir(current).catch(() => undefined);
    if (!entries) continue;
    for await (const entry of entries) {
      const absolute = join(current, entry.name);
      const path = `${prefix}${slashes(relative(dir, absolute))}`;
      if (entry.isDirectory()) {
        // Probe with a child path: a skipped directory is never read.
        if (entry.name !== '.git' && !skip(`${path}/x`)) pending.push(absolute);
      } else if (entry.isFile()) out.push({ path, absolute });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
