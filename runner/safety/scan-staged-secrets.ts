import type { ChangedFile } from '../../gates/git/parse-diff.js';
import { readDiff } from '../../gates/git/read-diff.js';

/** A secret found in a line about to be committed. Never carries the secret itself. */
export interface SecretHit {
  file: string;
  line: number;
  rule: string;
  /** The match with its body masked. */
  redacted: string;
}

/** Scans the added lines of changed files; the runner's default is gates/secrets. */
export type AddedLinesScanner = (files: readonly ChangedFile[], cwd: string) => Promise<SecretHit[]>;

/** Scans what is staged (index vs HEAD): the exact lines the next commit would add. */
export async function scanStagedSecrets(cwd: string, scan: AddedLinesScanner): Promise<SecretHit[]> {
  const files = (await readDiff(cwd, ['--cached', '--unified=0', '--no-renames'])).filter((f) => f.addedLines.size > 0);
  return files.length === 0 ? [] : scan(files, cwd);
}
