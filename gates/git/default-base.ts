import { gitResult, resolveCommit } from './git.js';

/**
 * The base to diff against when none is given: the PR's base in Actions, else the remote's
 * default branch (origin/HEAD), else main or master, whichever exists.
 */
export async function defaultBase(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.GITHUB_BASE_REF) return env.GITHUB_BASE_REF;
  const head = await gitResult(cwd, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (head.exitCode === 0 && head.stdout.trim()) return head.stdout.trim().replace(/^origin\//, '');
  for (const candidate of ['main', 'master']) {
    if ((await resolveCommit(cwd, `origin/${candidate}`)) || (await resolveCommit(cwd, candidate))) return candidate;
  }
  return 'main';
}
