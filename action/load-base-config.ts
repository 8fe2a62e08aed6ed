import { isAbsolute, relative, resolve } from 'node:path';
import { parseConfig } from '../gates/config/load-config.js';
import type { LokiConfig } from '../gates/config/schema.js';
import { LokiError } from '../gates/core/errors.js';
import { git, resolveCommit, showFile } from '../gates/git/git.js';

/**
 * The `config` input names a file in the checkout, which is the pull request's own version. A PR
 * must not choose the rules that judge it, so the file is read as it is on the merge-base, the
 * way Loki reads .github/loki.yml. Returns undefined when the refs do not resolve: the verify run
 * then reports that, with its fix.
 */
export async function loadBaseConfig(workspace: string, base: string, head: string, path: string): Promise<LokiConfig | undefined> {
  const inside = relative(workspace, resolve(workspace, path));
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new LokiError('USAGE', `the config input "${path}" is outside the workspace`, {
      fix: 'pass a path inside the repository, e.g. .github/loki.yml',
    });
  }
  const headSha = await resolveCommit(workspace, head);
  const baseSha = (await resolveCommit(workspace, `origin/${base}`)) ?? (await resolveCommit(workspace, base));
  if (!headSha || !baseSha) return undefined;
  const mergeBase = (await git(workspace, ['merge-base', baseSha, headSha], { allowFailure: true })).trim();
  if (!mergeBase) return undefined;
  const text = await showFile(workspace, mergeBase, inside);
  if (text === undefined) {
    throw new LokiError('CONFIG_UNREADABLE', `the config ${inside} does not exist on the base (merge-base ${mergeBase.slice(0, 12)})`, {
      fix: `commit ${inside} to ${base} first: a pull request cannot bring the config that judges it`,
    });
  }
  return parseConfig(text, `${inside} at ${mergeBase.slice(0, 12)}`);
}
