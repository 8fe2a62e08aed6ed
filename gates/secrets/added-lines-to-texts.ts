import type { ChangedFile } from '../git/parse-diff.js';
import type { TextInput } from './scan-text.js';

/**
 * The added lines of each changed file as one text per file, keeping each line's real number.
 * Deleted and binary files add nothing to scan. Consecutive added lines stay adjacent, so a
 * multi-line secret (a PEM key) added in one hunk is seen whole.
 */
export function addedLinesToTexts(files: readonly ChangedFile[]): TextInput[] {
  const out: TextInput[] = [];
  for (const file of files) {
    if (file.status === 'deleted' || file.binary || file.addedLines.size === 0) continue;
    const lines = [...file.addedLines.keys()].sort((a, b) => a - b);
    out.push({ path: file.path, text: lines.map((n) => file.addedLines.get(n) ?? '').join('\n'), lines });
  }
  return out;
}
