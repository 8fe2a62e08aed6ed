import { repoRoot } from '../git/git.js';
import { resolveDiff } from '../git/resolve-diff.js';
import { addedLinesToTexts } from './added-lines-to-texts.js';
import { loadScanSetup, type SecretsConfig } from './load-scan-setup.js';
import { scanTextsWith } from './scan-texts.js';
import type { RuleSource, ScanResult, ScanSettings } from './types.js';

export interface ScanAddedLinesOptions {
  head?: string;
  /** The `secrets:` config; its ignore files and gitleaks config are read from the repo root. */
  config?: SecretsConfig;
  rules?: readonly RuleSource[];
  settings?: ScanSettings;
}

export interface AddedLinesScanResult extends ScanResult {
  diff: { baseRef: string; mergeBaseSha: string; headSha: string; files: number; additions: number };
}

/**
 * Diff mode: only the lines added by merge-base(BASE, HEAD)..HEAD are scanned, so the cost
 * follows the size of the change, not of the repository.
 */
export async function scanAddedLines(cwd: string, base: string, options: ScanAddedLinesOptions = {}): Promise<AddedLinesScanResult> {
  const root = await repoRoot(cwd);
  const diff = await resolveDiff({ cwd: root, base, ...(options.head ? { head: options.head } : {}) });
  const setup = options.config && !options.rules && !options.settings ? await loadScanSetup(root, options.config) : undefined;
  const result = scanTextsWith(addedLinesToTexts(diff.files), setup ?? options);
  return {
    ...result,
    diff: { baseRef: diff.baseRef, mergeBaseSha: diff.mergeBaseSha, headSha: diff.headSha, files: diff.stats.files, additions: diff.stats.additions },
  };
}
