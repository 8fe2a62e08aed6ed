import type { ChangedFile } from '../git/parse-diff.js';

export type LockKind = 'npm' | 'pnpm' | 'yarn';

const KINDS: ReadonlyArray<[RegExp, LockKind]> = [
  [/(?:^|\/)(?:package-lock|npm-shrinkwrap)\.json$/, 'npm'],
  [/(?:^|\/)pnpm-lock\.yaml$/, 'pnpm'],
  [/(?:^|\/)yarn\.lock$/, 'yarn'],
];

export function lockKind(path: string): LockKind | undefined {
  if (path.split('/').includes('node_modules')) return undefined;
  return KINDS.find(([re]) => re.test(path))?.[1];
}

/** Lockfiles the change adds or modifies: only their dependencies can be new. */
export function changedLockfiles(files: readonly ChangedFile[]): Array<{ file: ChangedFile; kind: LockKind }> {
  return files.flatMap((file) => {
    const kind = file.status === 'deleted' ? undefined : lockKind(file.path);
    return kind ? [{ file, kind }] : [];
  });
}
