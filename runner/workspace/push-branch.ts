import { LokiError } from '../../gates/core/errors.js';
import { gitResult } from '../../gates/git/git.js';
import { gitAuthEnv, redactToken } from './git-auth-env.js';
import { isolatedGitEnv, type GitConfigGuard } from './guard-git-config.js';

export interface PushBranchOptions {
  cwd: string;
  branch: string;
  /** The commit to push: the one the gates ran on. */
  sha: string;
  /** A clone URL, or the name of a remote of the checkout. */
  target: string;
  token: string | undefined;
  guard?: GitConfigGuard;
  /**
   * A restarted build's first push replaces the branch it started over from: only if the remote
   * still points at this commit (`--force-with-lease`), so a push made meanwhile is never lost.
   */
  replaces?: string;
}

/** The push URL of a named remote (after the guard restored the config), for scoping the token. */
async function remoteUrl(cwd: string, target: string): Promise<string | undefined> {
  const result = await gitResult(cwd, ['remote', 'get-url', '--push', target]);
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/**
 * Pushes exactly `sha` to `refs/heads/<branch>` (never force; a restart's lease is the one
 * exception, see `replaces`) and checks that the remote's branch
 * now points at it, so "pushed" in a report is a fact read back from the remote.
 */
export async function pushBranch(options: PushBranchOptions): Promise<string> {
  const { cwd, branch, sha, target, token } = options;
  await options.guard?.restore();
  const env = token ? { ...isolatedGitEnv(), ...gitAuthEnv(token, /^https?:\/\//i.test(target) ? target : await remoteUrl(cwd, target)) } : gitAuthEnv(undefined);
  const base = ['-c', 'core.hooksPath=/dev/null'];
  const lease = options.replaces ? [`--force-with-lease=refs/heads/${branch}:${options.replaces}`] : [];
  const push = await gitResult(cwd, [...base, 'push', '--no-verify', '--quiet', ...lease, target, `${sha}:refs/heads/${branch}`], { env, timeoutMs: 10 * 60_000 });
  if (push.exitCode !== 0) {
    const detail = redactToken(push.stderr.trim() || `exit ${push.exitCode}`, token);
    throw new LokiError('GIT_FAILED', `could not push ${branch} to ${redactToken(target, token)}: ${detail}`, {
      fix: /non-fast-forward|fetch first|rejected|stale info/.test(detail)
        ? `someone else pushed to ${branch}: re-run the build so it resumes from the remote branch (or with --restart to start over from the base)`
        : 'check that the runner token may push to the repository (contents: write) and that the branch is not protected against it',
    });
  }
  const remote = await gitResult(cwd, [...base, 'ls-remote', target, `refs/heads/${branch}`], { env, timeoutMs: 120_000 });
  const remoteSha = remote.stdout.split(/\s+/)[0] ?? '';
  if (remote.exitCode !== 0 || remoteSha !== sha) {
    throw new LokiError('GIT_FAILED', `pushed ${branch}, but the remote reports ${remoteSha || 'no such branch'} instead of ${sha}`, {
      fix: 'check the remote for concurrent pushes to the branch, then re-run the build',
    });
  }
  return remoteSha;
}
