import { LokiError } from '../core/errors.js';
import { git, isShallow, resolveCommit } from './git.js';
import type { ChangedFile } from './parse-diff.js';
import { readDiff } from './read-diff.js';

export interface DiffSubject {
  baseRef: string;
  baseSha: string;
  mergeBaseSha: string;
  headSha: string;
  files: ChangedFile[];
  stats: { files: number; additions: number; deletions: number };
}

export interface ResolveDiffOptions {
  cwd: string;
  base: string;
  head?: string;
}

/**
 * The change under review: merge-base(BASE, HEAD)..HEAD. BASE is tried as `origin/BASE` first
 * (what a CI checkout has), then as given.
 */
export async function resolveDiff({ cwd, base, head = 'HEAD' }: ResolveDiffOptions): Promise<DiffSubject> {
  const headSha = await resolveCommit(cwd, head);
  if (!headSha) {
    throw new LokiError('HEAD_NOT_FOUND', `the head ref "${head}" names no commit`, {
      fix: 'commit your work first, or pass --head with a branch, tag or SHA that exists',
    });
  }
  const baseSha = (onRemote(base) ? await resolveCommit(cwd, `origin/${base}`) : undefined) ?? (await resolveCommit(cwd, base));
  if (!baseSha) throw await baseMissing(cwd, base);

  const mergeBase = (await git(cwd, ['merge-base', baseSha, headSha], { allowFailure: true })).trim();
  if (!mergeBase) {
    if (await isShallow(cwd)) throw shallow(base);
    throw new LokiError('BASE_NOT_FOUND', `"${base}" and "${head}" share no history`, {
      fix: 'pass --base with a branch that the head was created from',
    });
  }

  const files = await readDiff(cwd, ['--unified=0', '-M', mergeBase, headSha, '--']);
  return {
    baseRef: base,
    baseSha,
    mergeBaseSha: mergeBase,
    headSha,
    files,
    stats: {
      files: files.length,
      additions: files.reduce((n, f) => n + f.additions, 0),
      deletions: files.reduce((n, f) => n + f.deletions, 0),
    },
  };
}

/**
 * A base relative to the checkout (`HEAD~1`, `@^`) names a commit here: `origin/HEAD~1` is another
 * one (the remote's default branch, one back), so only names are tried on origin first.
 */
function onRemote(base: string): boolean {
  return !/^(?:HEAD|@|FETCH_HEAD|ORIG_HEAD)(?:[~^]|$)/.test(base) && !base.startsWith('refs/') && !base.startsWith('origin/');
}

async function baseMissing(cwd: string, base: string): Promise<LokiError> {
  if (await isShallow(cwd)) return shallow(base);
  return new LokiError('BASE_NOT_FOUND', `the base ref "${base}" was not found (tried origin/${base} and ${base})`, {
    fix: `fetch it (git fetch origin ${base}) or pass --base with an existing branch, tag or SHA`,
  });
}

function shallow(base: string): LokiError {
  return new LokiError('SHALLOW_CLONE', `this is a shallow clone and the history of "${base}" is not in it`, {
    fix: 'check out with full history: actions/checkout with `fetch-depth: 0`, or run `git fetch --unshallow`',
  });
}
