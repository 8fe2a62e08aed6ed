import type { ChangedFile } from '../git/parse-diff.js';
import type { FindingDraft } from '../verify/gate.js';
import { isSnapshot, isTestFile } from './classify-path.js';
import type { DeletedTest } from './find-replacements.js';

/**
 * Test files the change deletes, or renames to a path no test runner will pick up. Each deleted
 * file is judged on its own (`deleted`, from judgeDeletedTests): replaced by tests of the same
 * subject, it is worth a look (medium); otherwise its tests are gone (high).
 */
export function findRemovedTests(files: readonly ChangedFile[], testPatterns: readonly string[], deleted: readonly DeletedTest[]): FindingDraft[] {
  const deletedCode = files.filter((f) => f.status === 'deleted' && !isTestFile(f.path, testPatterns)).map((f) => f.path);
  const findings: FindingDraft[] = deleted.map((test) => deletedFinding(test, deletedCode));
  for (const file of files) {
    // Binary test files have no text to judge.
    if (file.status === 'deleted' && file.binary && isTestFile(file.path, testPatterns)) findings.push(deletedFinding({ path: file.path, modules: [], names: [], assertions: 0, replacement: undefined }, []));
    else if (file.status === 'renamed' && file.oldPath && isTestFile(file.oldPath, testPatterns) && !isTestFile(file.path, testPatterns)) {
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

function deletedFinding(test: DeletedTest, deletedCode: readonly string[]): FindingDraft {
  const base = { rule: 'test-deleted', file: test.path, key: test.path };
  const { replacement } = test;
  const gone = test.modules.length > 0 && !replacement ? test.modules.map((m) => deletedCode.find((path) => isModuleFile(m, path))) : [];
  if (gone.length > 0 && gone.every((path) => path !== undefined)) {
    return { ...base, severity: 'medium', message: `The change deletes this test file together with the code it tested (${list(gone as string[])}), so its tests have nothing left to test. Fix: none if the code is gone for good; otherwise restore both.` };
  }
  if (replacement) {
    const how = replacement.by === 'names'
      ? `its ${replacement.names} test name${replacement.names === 1 ? ' is' : 's are'} declared again in ${list(replacement.files)}`
      : `${list(replacement.files)} test${replacement.files.length === 1 ? 's' : ''} the same module${replacement.modules.length === 1 ? '' : 's'} (${list(replacement.modules.map(shown))})`;
    return { ...base, severity: 'medium', message: `The change deletes this test file; ${how}, with at least as many assertions (${test.assertions}). Fix: confirm the new tests cover what the deleted ones did.` };
  }
  const what = test.modules.length ? ` No new or changed test file tests ${list(test.modules.map(shown))} with at least as many assertions (${test.assertions}), or declares its test names again.` : test.names.length ? ` No new or changed test file declares its ${test.names.length} test names again with at least as many assertions.` : '';
  return { ...base, severity: 'high', message: `The change deletes this test file${test.assertions ? ` (${test.assertions} assertion${test.assertions === 1 ? '' : 's'})` : ''}.${what} Fix: restore it, or replace its tests with tests of the same code in the same change.` };
}

/** Whether a deleted source file is the module a test imported (`src/a` ← src/a.ts or src/a/index.js; `py:pkg/mod` ← pkg/mod.py or src/pkg/mod/__init__.py). */
function isModuleFile(module: string, path: string): boolean {
  const bare = path.replace(/\.(?:[cm]?[jt]sx?|py)$/, '').replace(/\/(?:index|__init__)$/, '');
  if (module.startsWith('py:')) return path.endsWith('.py') && (bare === module.slice(3) || bare.endsWith(`/${module.slice(3)}`));
  return !module.startsWith('go:') && bare === module;
}

function shown(module: string): string {
  return module.replace(/^py:/, '').replace(/^go:/, 'package ');
}

function list(items: readonly string[]): string {
  return items.length > 5 ? `${items.slice(0, 5).join(', ')} and ${items.length - 5} more` : items.join(', ');
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
