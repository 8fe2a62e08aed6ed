import type { ChangedFile } from '../../../gates/git/parse-diff.js';

/** A ChangedFile as parse-diff produces it, for rule tests that need no repository. */
export function changed(path: string, added: readonly string[], removed: readonly string[] = [], extra: Partial<ChangedFile> = {}): ChangedFile {
  return {
    path,
    oldPath: undefined,
    status: 'modified',
    binary: false,
    additions: added.length,
    deletions: removed.length,
    addedLines: new Map(added.map((text, i) => [i + 1, text])),
    removedLines: new Map(removed.map((text, i) => [i + 1, text])),
    ...extra,
  };
}
