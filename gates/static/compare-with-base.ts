import { existsSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withWorktree } from '../git/with-worktree.js';
import { withSandboxScope } from '../sandbox/scope.js';
import { normaliseLine } from '../evidence/fingerprint.js';
import type { ChangedFile } from '../git/parse-diff.js';
import type { CheckResult, Diagnostic } from './diagnostic.js';

/** What identifies a diagnostic across commits: file, code and the offending line's text. */
export async function diagnosticKey(root: string, d: Diagnostic, cache: Map<string, string[] | undefined>): Promise<string> {
  if (!d.file || !d.line) return `${d.file ?? ''}\u0000${d.code ?? ''}\u0000${d.message}`;
  if (!cache.has(d.file)) cache.set(d.file, (await readFile(join(root, d.file), 'utf8').catch(() => undefined))?.split('\n'));
  const text = cache.get(d.file)?.[d.line - 1];
  return `${d.file}\u0000${d.code ?? ''}\u0000${text === undefined ? d.message : normaliseLine(text)}`;
}

export interface BaseComparison {
  /** How many diagnostics off the changed lines turned out to be new since the base. */
  newSinceBase: number;
  note: string;
}

/** The changed files as they are on the base: old paths, and none of the files the change adds. */
export function baseSideFiles(files: readonly ChangedFile[]): ChangedFile[] {
  return files.filter((f) => f.status !== 'added' && f.status !== 'deleted').map((f) => ({ ...f, path: f.oldPath ?? f.path, oldPath: undefined, status: 'modified' as const }));
}

/**
 * A change can break lines it never touched (a deleted module, a changed signature, an import
 * left unused). Diagnostics
 * off the added lines are pre-existing only if the base has them too: the same check runs on the
 * merge-base in a temporary worktree (sharing the head's node_modules) and the two are compared.
 */
export async function compareWithBase(
  root: string,
  mergeBaseSha: string,
  files: readonly ChangedFile[],
  results: readonly CheckResult[],
  rerun: (baseDir: string) => Promise<CheckResult[]>,
): Promise<BaseComparison> {
  const added = new Map(files.map((f) => [f.path, f.addedLines]));
  const offLine = results.flatMap((r) => r.diagnostics).filter((d) => d.preExisting === undefined && !(d.file && d.line && added.get(d.file)?.has(d.line)));
  if (offLine.length === 0) return { newSinceBase: 0, note: '' };
  const baseKeys = await withWorktree(root, mergeBaseSha, async (dir) => {
    if (existsSync(join(root, 'node_modules')) && !existsSync(join(dir, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    // The base's checks read the head's node_modules through that link: show it to the sandbox.
    const base = await withSandboxScope({ readable: [join(root, 'node_modules')] }, () => rerun(dir));
    if (base.some((r) => r.inconclusive)) return undefined;
    const cache = new Map<string, string[] | undefined>();
    const renamedBack = new Map(files.filter((f) => f.oldPath).map((f) => [f.oldPath!, f.path]));
    const keys = new Set<string>();
    for (const d of base.flatMap((r) => r.diagnostics)) {
      const key = await diagnosticKey(dir, d, cache);
      keys.add(d.file && renamedBack.has(d.file) ? key.replace(d.file, renamedBack.get(d.file)!) : key);
    }
    return keys;
  }).catch(() => undefined);
  if (!baseKeys) return { newSinceBase: 0, note: 'could not run the type check and linter on the merge-base; their diagnostics off the changed lines are treated as pre-existing' };
  const cache = new Map<string, string[] | undefined>();
  let newSinceBase = 0;
  for (const d of offLine) {
    d.preExisting = baseKeys.has(await diagnosticKey(root, d, cache));
    if (!d.preExisting) newSinceBase++;
  }
  return { newSinceBase, note: `compared with the merge-base: ${offLine.length - newSinceBase} diagnostic${offLine.length - newSinceBase === 1 ? '' : 's'} off the changed lines exist there too, ${newSinceBase} are new` };
}
