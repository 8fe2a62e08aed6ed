import { git } from '../../gates/git/git.js';
import { parseUnifiedDiff, type ChangedFile } from '../../gates/git/parse-diff.js';

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
  const text = await git(cwd, ['-c', 'core.quotePath=false', 'diff', '--cached', '--unified=0', '--no-color', '--no-ext-diff', '--no-renames', '--src-prefix=a/', '--dst-prefix=b/']);
  const files = parseUnifiedDiff(text).filter((f) => f.addedLines.size > 0);
  return files.length === 0 ? [] : scan(files, cwd);
}
