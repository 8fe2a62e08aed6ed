import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { LokiError } from '../core/errors.js';
import { parseLock } from './read-lock.js';
import { SPEC_LOCK_KIND, SPEC_LOCK_VERSION, SpecLockSchema, type Spec, type SpecLock } from './spec-schema.js';

/** The suffix of every spec lock: `docs/prd.md` is locked in `docs/prd.md.lock.json`, next to it. */
export const LOCK_SUFFIX = '.lock.json';
/** Issues live outside the repository, so their locks go here — committed, never in the ignored `.loki/`. */
export const ISSUE_LOCK_DIR = '.github/loki-specs';

const ISSUE_REF = /^([A-Za-z0-9][A-Za-z0-9_.-]*)\/([A-Za-z0-9_.-]+)#(\d+)$/;

/**
 * Where a spec's lock belongs: next to a spec file, so CI checks out both together; for an issue,
 * `.github/loki-specs/issue-OWNER-REPO-N.lock.json` under `repoRoot`.
 */
export function lockPathFor(spec: Spec, repoRoot = '.'): string {
  if (spec.source === 'issue') {
    const match = ISSUE_REF.exec(spec.ref ?? '');
    if (!match) throw new LokiError('SPEC_INVALID', `the issue spec has no owner/repo#N reference (got "${spec.ref ?? ''}")`, { fix: 'name the issue as owner/repo#N' });
    return resolve(repoRoot, ISSUE_LOCK_DIR, `issue-${match[1]}-${match[2]}-${match[3]}${LOCK_SUFFIX}`);
  }
  if (spec.source === 'file' && spec.ref) return `${spec.ref}${LOCK_SUFFIX}`;
  throw new LokiError('USAGE', 'a spec given as text has no place for a lock', { fix: 'save the spec to a file in the repository and lock that file' });
}

/** The lock's content, without writing it: the runner keeps one in memory for the length of a build. */
export function createLock(spec: Spec, lockPath?: string, specPath?: string): SpecLock {
  return SpecLockSchema.parse({
    kind: SPEC_LOCK_KIND,
    lock_version: SPEC_LOCK_VERSION,
    locked_at: new Date().toISOString(),
    spec: { source: spec.source, format: spec.format, title: spec.title, ref: lockRef(spec, lockPath, specPath), hash: spec.hash },
    // Sorted by id so that reordering the spec leaves the committed lock unchanged.
    requirements: [...spec.requirements].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  });
}

/**
 * Writes the lock (creating its folder) and returns it. `specPath` locates a file spec when its ref
 * is not relative to the cwd. Re-locking an unchanged spec leaves the file as it is, so the
 * committed lock only changes when the spec does.
 */
export async function lockSpec(spec: Spec, lockPath: string, specPath?: string): Promise<SpecLock> {
  const lock = createLock(spec, lockPath, specPath);
  const existing = await readFile(lockPath, 'utf8').then((text) => parseLock(text, lockPath), () => undefined).catch(() => undefined);
  if (existing && JSON.stringify({ ...existing, locked_at: '' }) === JSON.stringify({ ...lock, locked_at: '' })) return existing;
  await mkdir(dirname(resolve(lockPath)), { recursive: true });
  await writeFile(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  return lock;
}

/** A file spec is named relative to its lock's folder, so the pair can move together and CI can find it. */
function lockRef(spec: Spec, lockPath: string | undefined, specPath: string | undefined): string {
  const ref = spec.ref ?? spec.title;
  if (spec.source !== 'file' || !spec.ref || !lockPath) return ref || 'spec';
  return relative(dirname(resolve(lockPath)), resolve(specPath ?? spec.ref)).split(sep).join('/');
}

export function parseIssueRef(ref: string): { owner: string; repo: string; number: number } | undefined {
  const match = ISSUE_REF.exec(ref.trim());
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { owner: match[1], repo: match[2], number: Number(match[3]) };
}
