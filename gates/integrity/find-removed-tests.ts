import type { ChangedFile } from '../git/parse-diff.js';
import type { FindingDraft } from '../verify/gate.js';
import { isSnapshot, isTestFile } from './classify-path.js';

/** Test files the change deletes, or renames to a path no test runner will pick up. */
export function findRemovedTests(files: readonly ChangedFile[], testPatterns: readonly string[]): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const file of files) {
    if (file.status === 'deleted' && isTestFile(file.path, testPatterns)) {
      findings.push({
        rule: 'test-deleted',
        severity: 'high',
        file: file.path,
        key: file.path,
        message: `${file.path}: the change deletes this test file (${file.deletions} lines). Fix: restore it, or replace its tests with equivalent ones in the same change.`,
      });
    } else if (file.status === 'renamed' && file.oldPath && isTestFile(file.oldPath, testPatterns) && !isTestFile(file.path, testPatterns)) {
      findings.push({
        rule: 'test-moved',
        severity: 'high',
        file: file.path,
        key: `${file.oldPath}->${file.path}`,
        message: `${file.oldPath} was moved to ${file.path}, where it no longer looks like a test file and will not run. Fix: keep tests under a test path or name (*.test.*, tests/), or add the pattern to verify.test_patterns.`,
      });
    }
  }
  return findings;
}

/** Snapshot files whose recorded expectations the change rewrites or deletes. */
export function findRewrittenSnapshots(files: readonly ChangedFile[]): FindingDraft[] {
  return files
    .filter((f) => isSnapshot(f.path) && (f.status === 'deleted' || f.deletions > 0))
    .map((f) => ({
      rule: 'snapshot-rewritten',
      severity: 'medium' as const,
      file: f.path,
      key: f.path,
      message: `${f.path}: the change ${f.status === 'deleted' ? 'deletes this snapshot file' : `rewrites ${f.deletions} recorded snapshot line${f.deletions === 1 ? '' : 's'}`}. Fix: confirm the new output is correct, and say why the expectation changed in the PR.`,
    }));
}
