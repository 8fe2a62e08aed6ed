import type { ChangedFile } from '../git/parse-diff.js';
import type { FindingDraft } from '../verify/gate.js';
import { isSnapshot, isTestFile } from './classify-path.js';
import { countAssertions } from './count-assertions.js';

/** Test files the change deletes, or renames to a path no test runner will pick up. */
export function findRemovedTests(files: readonly ChangedFile[], testPatterns: readonly string[]): FindingDraft[] {
  const findings: FindingDraft[] = [];
  const replaced = replacesDeletedAssertions(files, testPatterns);
  for (const file of files) {
    if (file.status === 'deleted' && isTestFile(file.path, testPatterns)) {
      findings.push({
        rule: 'test-deleted',
        // Tests split or rewritten into new files carry at least as many assertions: worth a look, not a block.
        severity: replaced ? 'medium' : 'high',
        file: file.path,
        key: file.path,
        message: replaced
          ? `The change deletes this test file and adds test files with at least as many assertions. Fix: confirm the new tests cover what the deleted ones did.`
          : `The change deletes this test file (${file.deletions} lines). Fix: restore it, or replace its tests with equivalent ones in the same change.`,
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

function replacesDeletedAssertions(files: readonly ChangedFile[], testPatterns: readonly string[]): boolean {
  const tests = files.filter((f) => isTestFile(f.path, testPatterns));
  const removed = tests.filter((f) => f.status === 'deleted').reduce((n, f) => n + [...f.removedLines.values()].reduce((m, l) => m + countAssertions(l), 0), 0);
  const added = tests.filter((f) => f.status === 'added').reduce((n, f) => n + [...f.addedLines.values()].reduce((m, l) => m + countAssertions(l), 0), 0);
  return removed > 0 && added >= removed;
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
      message: `The change ${f.status === 'deleted' ? 'deletes this snapshot file' : `rewrites ${f.deletions} recorded snapshot line${f.deletions === 1 ? '' : 's'}`}. Fix: confirm the new output is correct, and say why the expectation changed in the PR.`,
    }));
}
