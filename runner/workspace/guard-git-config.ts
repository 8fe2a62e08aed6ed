import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { git } from '../../gates/git/git.js';

/**
 * The agent can write anything in the checkout, `.git` included. Before the runner runs git with
 * its token, the repository config is put back as it was before the agent ran and hooks are
 * removed, so an `url.*.insteadOf`, a credential helper or a hook planted by the agent cannot
 * redirect the push or read the token from git's environment.
 */
export interface GitConfigGuard {
  restore(): Promise<void>;
}

export async function guardGitConfig(dir: string): Promise<GitConfigGuard> {
  const configPath = await gitPath(dir, 'config');
  const hooksPath = await gitPath(dir, 'hooks');
  const saved = await readFile(configPath, 'utf8');
  return {
    async restore() {
      await writeFile(configPath, saved);
      const hooks = await readdir(hooksPath).catch(() => [] as string[]);
      await Promise.all(hooks.filter((h) => !h.endsWith('.sample')).map((h) => rm(join(hooksPath, h), { recursive: true, force: true })));
    },
  };
}

async function gitPath(dir: string, name: string): Promise<string> {
  const rel = (await git(dir, ['rev-parse', '--git-path', name])).trim();
  return isAbsolute(rel) ? rel : join(dir, rel);
}

/** Environment for a git command that carries the token: no user or system config, no prompts. */
export function isolatedGitEnv(): Record<string, string> {
  return { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };
}
