import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Small, synchronous manifest reads: detection looks at a handful of files in one folder. */

export function fileExists(root: string, relative: string): boolean {
  try {
    return statSync(join(root, relative)).isFile();
  } catch {
    return false;
  }
}

export function dirExists(root: string, relative: string): boolean {
  try {
    return statSync(join(root, relative)).isDirectory();
  } catch {
    return false;
  }
}

/** The file's text, or undefined when it does not exist or cannot be read. */
export function readText(root: string, relative: string): string | undefined {
  const path = join(root, relative);
  if (!existsSync(path)) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The first of `candidates` that exists as a file. */
export function firstExisting(root: string, candidates: readonly string[]): string | undefined {
  return candidates.find((c) => fileExists(root, c));
}
