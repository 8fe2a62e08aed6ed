import { accessSync, constants, statSync } from 'node:fs';
import { LokiError } from '../core/errors.js';
import { runCommand, type CommandResult } from '../core/run-command.js';

export interface GitOptions {
  allowFailure?: boolean;
  input?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Sees all of stdout as it arrives (for output too large to keep, e.g. a big diff). */
  onStdout?: (chunk: string) => void;
  /** Characters of output kept in memory (default 64 Mi); more sets `truncated`. */
  maxLogBytes?: number;
}

/** Runs git with arguments (never a shell string) and returns stdout; throws GIT_FAILED unless allowed. */
export async function git(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<string> {
  const result = await gitResult(cwd, args, options);
  if (result.truncated) throw truncatedOutput(args, result);
  if (result.exitCode !== 0 && !options.allowFailure) throw gitFailed(args, result);
  return result.stdout;
}

export function gitResult(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<CommandResult> {
  return runCommand('git', args, {
    cwd,
    env: { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...options.env },
    timeoutMs: options.timeoutMs ?? 120_000,
    maxLogBytes: options.maxLogBytes ?? 64 * 1024 * 1024,
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(options.onStdout ? { onStdout: options.onStdout } : {}),
  });
}

/** git exited non-zero: the error names the command and what git said. */
export function gitFailed(args: readonly string[], result: CommandResult): LokiError {
  return new LokiError('GIT_FAILED', `git ${args.join(' ')} failed: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
}

/** git printed more than Loki keeps: its answer cannot be read whole, so it is no answer. */
export function truncatedOutput(args: readonly string[], result: CommandResult): LokiError {
  return new LokiError('OUTPUT_TRUNCATED', `git ${args.join(' ')} printed ${result.outputBytes} bytes, more than Loki reads at once; the result would be incomplete`, {
    fix: 'make the change smaller (split it into several pull requests), or exclude generated files from the repository',
  });
}

/**
 * A ref, branch or revision that git would read as an option (`--upload-pack=…`, `--output=…`)
 * is refused before any git command sees it. Paths go after `--` instead.
 */
export function assertSafeRef(ref: string, what = 'ref'): string {
  if (ref.startsWith('-') || ref.includes('\0') || ref.trim() === '') {
    throw new LokiError('UNSAFE_REF', `the ${what} ${JSON.stringify(ref)} is not a usable git ref: it is empty or starts with "-", so git would read it as an option`, {
      fix: `pass a branch, tag or commit SHA that does not start with "-"`,
    });
  }
  return ref;
}

/** The commit a ref names, or undefined when it names none. */
export async function resolveCommit(cwd: string, ref: string): Promise<string | undefined> {
  assertSafeRef(ref);
  const result = await gitResult(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

export async function repoRoot(cwd: string): Promise<string> {
  const result = await gitResult(cwd, ['rev-parse', '--show-toplevel']);
  const notOwned = /detected dubious ownership in repository at '([^'\n]*)'/.exec(result.stderr);
  if (result.exitCode !== 0 && notOwned) throw repoNotOwned(notOwned[1]!);
  if (result.exitCode !== 0 && !readable(cwd)) {
    throw new LokiError('NOT_A_GIT_REPO', `${cwd} cannot be read${process.getuid ? ` by uid ${process.getuid()}` : ''} (permission denied), so Loki cannot tell whether it is a git repository`, {
      fix: `run Loki as a user who can read it (docker run --user "$(id -u):$(id -g)" …), or make it readable (chmod -R o+rX, or chmod o+x on the folders above it)`,
    });
  }
  if (result.exitCode !== 0) {
    throw new LokiError('NOT_A_GIT_REPO', `${cwd} is not inside a git repository`, {
      fix: 'run Loki from a git checkout (git init, or clone the repository first)',
    });
  }
  return result.stdout.trim();
}

/**
 * git refuses a checkout owned by another user (a repository mounted into a container, a CI
 * workspace made by root). It is a git repository; say whose, and the two ways out.
 */
function repoNotOwned(path: string): LokiError {
  const owner = ownerOf(path);
  const me = process.getuid?.();
  return new LokiError('REPO_NOT_OWNED', `${path} is a git repository owned by ${owner === undefined ? 'another user' : `uid ${owner}`}, not by the user running Loki${me === undefined ? '' : ` (uid ${me})`}, so git refuses to work in it`, {
    fix: `run Loki as the repository's owner (docker run --user "$(id -u):$(id -g)" …), or trust it: git config --global --add safe.directory ${path}`,
  });
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function ownerOf(path: string): number | undefined {
  try {
    return statSync(path).uid;
  } catch {
    return undefined;
  }
}

export async function isShallow(cwd: string): Promise<boolean> {
  return (await git(cwd, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
}

/**
 * Paths with uncommitted changes (tracked or untracked, ignoring ignored files). Loki's own output
 * folder (.loki/) does not count: writing evidence must not make the evidence stale.
 */
export async function dirtyPaths(cwd: string): Promise<string[]> {
  const out = await git(cwd, ['status', '--porcelain=v1', '-z', '--untracked-files=all']);
  return out
    .split('\0')
    .filter((entry) => entry.length > 3)
    .map((entry) => entry.slice(3))
    .filter((path) => !path.startsWith('.loki/'));
}

/** The content of a file at a commit, or undefined when it does not exist there. */
export async function showFile(cwd: string, commit: string, path: string): Promise<string | undefined> {
  assertSafeRef(commit, 'commit');
  const args = ['show', `${commit}:${path}`];
  const result = await gitResult(cwd, args);
  if (result.truncated) throw truncatedOutput(args, result);
  return result.exitCode === 0 ? result.stdout : undefined;
}

/** Files tracked at a commit. */
export async function listFiles(cwd: string, commit: string): Promise<string[]> {
  assertSafeRef(commit, 'commit');
  const out = await git(cwd, ['ls-tree', '-r', '-z', '--name-only', commit, '--']);
  return out.split('\0').filter(Boolean);
}
