import { git, gitResult } from '../../gates/git/git.js';
import { revertProtectedPaths, type ProtectedChange } from '../safety/revert-protected-paths.js';
import { scanStagedSecrets, type AddedLinesScanner, type SecretHit } from '../safety/scan-staged-secrets.js';

export type CheckpointResult =
  | { kind: 'committed'; sha: string; protectedReverted: ProtectedChange[] }
  | { kind: 'unchanged'; sha: string; protectedReverted: ProtectedChange[] }
  /** Nothing was committed: the secret stays in the working tree only, unstaged. */
  | { kind: 'secret'; sha: string; hits: SecretHit[]; protectedReverted: ProtectedChange[] };

export interface CheckpointOptions {
  cwd: string;
  runStartSha: string;
  protectedPaths: readonly string[];
  scan: AddedLinesScanner;
  message: string;
}

const IDENTITY = { name: 'Loki', email: 'loki@users.noreply.github.com' };

/**
 * Commits the agent's work after an Act, so a cap or a crash never loses it. Protected paths are
 * reverted first and the staged lines are scanned for secrets: a secret means no commit at all.
 */
export async function checkpoint(options: CheckpointOptions): Promise<CheckpointResult> {
  const { cwd } = options;
  const protectedReverted = await revertProtectedPaths(cwd, options.runStartSha, options.protectedPaths);
  await git(cwd, ['add', '-A']);
  // Loki's scratch files stay out even if the agent removed their exclude entry (tracked ones are the repo's).
  const scratch = (await git(cwd, ['diff', '--cached', '--name-only', '-z', '--diff-filter=A', '--', '.loki'])).split('\0').filter(Boolean);
  if (scratch.length > 0) await git(cwd, ['rm', '-q', '--cached', '--', ...scratch]);
  const head = (await git(cwd, ['rev-parse', 'HEAD'])).trim();
  const staged = await gitResult(cwd, ['diff', '--cached', '--quiet']);
  if (staged.exitCode === 0) return { kind: 'unchanged', sha: head, protectedReverted };
  const hits = await scanStagedSecrets(cwd, options.scan);
  if (hits.length > 0) {
    await git(cwd, ['reset', '-q']);
    return { kind: 'secret', sha: head, hits, protectedReverted };
  }
  // No hooks: the agent can write .git/hooks, and --no-verify alone still runs post-commit.
  await git(cwd, ['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '--no-verify', '-m', options.message], { env: await identityEnv(cwd) });
  return { kind: 'committed', sha: (await git(cwd, ['rev-parse', 'HEAD'])).trim(), protectedReverted };
}

/** Loki's identity when the checkout has none configured (CI machines, fresh containers). */
export async function identityEnv(cwd: string): Promise<Record<string, string>> {
  const email = await gitResult(cwd, ['config', 'user.email']);
  if (email.exitCode === 0 && email.stdout.trim()) return {};
  return {
    GIT_AUTHOR_NAME: IDENTITY.name,
    GIT_AUTHOR_EMAIL: IDENTITY.email,
    GIT_COMMITTER_NAME: IDENTITY.name,
    GIT_COMMITTER_EMAIL: IDENTITY.email,
  };
}
