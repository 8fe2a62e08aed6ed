import { isAbsolute, relative, sep } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

/** A reported test file as a repository-relative POSIX path (ids must match across checkouts). */
export function relativeFile(root: string, file: string | undefined): string | undefined {
  if (!file) return undefined;
  const path = file.startsWith('file://') ? decodeURIComponent(new URL(file).pathname) : file;
  const rel = isAbsolute(path) ? relative(root, path) : path;
  return rel.split(sep).join('/').replace(/^\.\//, '');
}

/** First non-empty line without colour codes, trimmed to a readable length. */
export function firstLine(text: string | undefined, max = 300): string | undefined {
  const line = (text === undefined ? undefined : stripVTControlCharacters(text))?.split('\n').map((l) => l.trim()).find(Boolean);
  if (!line) return undefined;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
