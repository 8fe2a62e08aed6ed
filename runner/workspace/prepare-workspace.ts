import { appendFile, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { LokiError } from '../../gates/core/errors.js';
import { dirtyPaths, git, gitResult, repoRoot, resolveCommit } from '../../gates/git/git.js';
import type { Job } from '../job/schema.js';
import { gitAuthEnv, redactToken } from './git-auth-env.js';
import { mergeUpdatedBase, type BaseUpdate } from './merge-updated-base.js';

export interface Workspace {
  /** The checkout the agent works in. */
  dir: string;
  branch: string;
  /** The base branch's commit when the run started: the diff the gates check starts here. */
  baseSha: string;
  /** HEAD when this run started (the base, or the resumed branch's last checkpoint). */
  runStartSha: string;
  resumed: boolean;
  /** Where pushes go: the job's clone URL, or `origin` for a build in an existing checkout. */
  pushTarget: string | undefined;
  /** Loki's scratch folder inside the checkout (spec, progress file, prompts), never committed. */
  lokiDir: string;
  /** In-place builds: the branch (or commit) checked out before the build, to return to when nothing came of it. */
  originalRef?: string;
  /**
   * `--restart` over an existing branch: its old head (the work set aside) and, when known, the
   * remote's head it replaces (the first push leases on it: the one push that is not a fast-forward).
   */
  restarted?: { oldHead: string; remoteHead?: string };
  /** A resumed branch: whether the base had moved on, and what merging it in gave. */
  baseUpdate?: BaseUpdate;
}

export interface PrepareOptions {
  job: Job;
  /** Parent folder for a fresh clone, or the checkout itself when `inPlace`. */
  workdir?: string;
  /** Build in an existing checkout (`loki build`) instead of cloning the job's repository. */
  inPlace: boolean;
  token: () => string | undefined;
}

/** The branch a job builds on: `loki/issue-<N>` for issues, a stable name derived from the spec otherwise. */
export function branchFor(job: Job): string {
  if (job.issue_number) return `loki/issue-${job.issue_number}`;
  const ref = job.spec?.ref ?? job.job_id;
  const slug = ref.replace(/\.[a-z0-9]+$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(-40).replace(/^-+/, '');
  return `loki/${slug || 'build'}`;
}

/** The subject prefix of every commit a build makes: `loki(#N): ` for an issue, `loki: ` otherwise. */
export function commitPrefix(job: Job): string {
  return job.issue_number ? `loki(#${job.issue_number}): ` : 'loki: ';
}

/**
 * Gets a clean checkout on the build branch. A branch that already exists (on the remote for a
 * cloned job, locally for an in-place build) is resumed from its last checkpoint, with the updated
 * base merged in (`baseUpdate`), unless the job says `restart`: then it starts over from the base.
 */
export async function prepareWorkspace(options: PrepareOptions): Promise<Workspace> {
  const ws = options.inPlace ? await useCheckout(options) : await cloneRepository(options);
  await excludeLocalOnly(ws.dir);
  await mkdir(ws.lokiDir, { recursive: true });
  return ws;
}

async function cloneRepository({ job, workdir, token }: PrepareOptions): Promise<Workspace> {
  if (!job.repo) throw new LokiError('JOB_INVALID', 'a job without a repository needs a checkout to build in', { fix: 'add `repo` to the job, or run `loki build` inside a git checkout' });
  const parent = workdir ?? (await mkdtemp(join(tmpdir(), 'loki-job-')));
  const dir = await cloneInto(parent, job.repo.clone_url, token);
  const branch = branchFor(job);
  const baseSha = await baseCommit(dir, job);
  const remoteBranch = await resolveCommit(dir, `origin/${branch}`);
  const resume = remoteBranch !== undefined && !job.restart;
  await git(dir, ['checkout', '--quiet', '-B', branch, resume ? `origin/${branch}` : `origin/${job.base_ref}`], authed(token, job.repo.clone_url));
  const baseUpdate = resume ? await mergeUpdatedBase({ cwd: dir, baseSha, baseName: job.base_ref, subjectPrefix: commitPrefix(job), env: authed(token, job.repo.clone_url).env }) : undefined;
  const runStartSha = (await git(dir, ['rev-parse', 'HEAD'])).trim();
  await prefetchDiff(dir, baseSha, runStartSha, token, job.repo.clone_url);
  return {
    dir, branch, baseSha, runStartSha, resumed: resume, pushTarget: job.repo.clone_url, lokiDir: join(dir, '.loki'),
    ...(baseUpdate ? { baseUpdate } : {}),
    ...(remoteBranch && !resume ? { restarted: { oldHead: remoteBranch, remoteHead: remoteBranch } } : {}),
  };
}

/** A checkout of a PR head for a verify job: detached at `head_sha`, the base branch fetched. */
export async function prepareVerifyCheckout(job: Job, parent: string, token: () => string | undefined): Promise<{ dir: string; baseSha: string; headSha: string }> {
  if (!job.repo || !job.head_sha) throw new LokiError('JOB_INVALID', 'a verify job needs `repo` and `head_sha`', { fix: 'add repo and head_sha (the PR head commit) to the job' });
  const dir = await cloneInto(parent, job.repo.clone_url, token);
  const baseSha = await baseCommit(dir, job);
  if (!(await resolveCommit(dir, job.head_sha))) {
    // A fork's head is not on any branch of the base repository, but GitHub keeps it under refs/pull.
    const ref = job.pr_number ? `refs/pull/${job.pr_number}/head` : job.head_sha;
    await git(dir, ['fetch', '--quiet', '--filter=blob:none', 'origin', ref], authed(token, job.repo.clone_url));
  }
  await git(dir, ['checkout', '--quiet', '--detach', job.head_sha], authed(token, job.repo.clone_url));
  await prefetchDiff(dir, baseSha, job.head_sha, token, job.repo.clone_url);
  return { dir, baseSha, headSha: job.head_sha };
}

/** A partial clone (`--filter=blob:none`): history without old file contents, fetched on demand. */
async function cloneInto(parent: string, url: string, token: () => string | undefined): Promise<string> {
  const dir = join(parent, 'repo');
  const clone = await gitResult(parent, ['clone', '--quiet', '--filter=blob:none', '--no-checkout', '--', url, dir], authed(token, url));
  if (clone.exitCode !== 0) {
    throw new LokiError('GIT_FAILED', `cannot clone ${url}: ${redactToken(clone.stderr.trim(), token())}`, {
      fix: 'check that the clone URL is right and that the runner token (LOKI_GITHUB_TOKEN_FILE) may read the repository',
    });
  }
  return dir;
}

async function baseCommit(dir: string, job: Job): Promise<string> {
  const sha = await resolveCommit(dir, `origin/${job.base_ref}`);
  if (sha) return sha;
  throw new LokiError('BASE_NOT_FOUND', `the base branch "${job.base_ref}" does not exist in ${job.repo?.clone_url ?? 'the repository'}`, { fix: 'set base_ref in the job to an existing branch' });
}

/**
 * The gates run git without the token; fetch the blobs their diff needs now, while it is in this
 * command's environment (a partial clone would otherwise fetch them lazily, unauthenticated).
 */
async function prefetchDiff(dir: string, from: string, to: string, token: () => string | undefined, url: string): Promise<void> {
  if (from !== to) await gitResult(dir, ['diff', '--quiet', from, to], authed(token, url));
}

function authed(token: () => string | undefined, url?: string): { env: Record<string, string>; timeoutMs: number } {
  return { env: gitAuthEnv(token(), url), timeoutMs: 15 * 60_000 };
}

async function useCheckout({ job, workdir }: PrepareOptions): Promise<Workspace> {
  const dir = await repoRoot(workdir ?? process.cwd());
  const dirty = (await dirtyPaths(dir)).filter((p) => !p.startsWith('.loki/'));
  if (dirty.length > 0) {
    throw new LokiError('USAGE', `the working tree has uncommitted changes (${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', …' : ''})`, {
      fix: 'commit or stash your changes first, so the agent starts from a clean tree and its diff is only its own work',
    });
  }
  const baseSha = await resolveCommit(dir, job.base_ref);
  if (!baseSha) throw new LokiError('BASE_NOT_FOUND', `the base ref "${job.base_ref}" names no commit`, { fix: 'commit at least once, or check out the branch to build from' });
  const branch = branchFor(job);
  const originalRef = (await gitResult(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).stdout.trim() || (await git(dir, ['rev-parse', 'HEAD'])).trim();
  const existing = await resolveCommit(dir, `refs/heads/${branch}`);
  const resume = existing !== undefined && !job.restart;
  if (resume) await git(dir, ['checkout', '--quiet', branch]);
  // -B: a restart moves the existing branch back to the base (its old head is reported, not lost silently).
  else await git(dir, ['checkout', '--quiet', '-B', branch, baseSha]);
  const baseUpdate = resume ? await mergeUpdatedBase({ cwd: dir, baseSha, baseName: job.base_ref, subjectPrefix: commitPrefix(job) }) : undefined;
  const runStartSha = (await git(dir, ['rev-parse', 'HEAD'])).trim();
  const hasOrigin = (await gitResult(dir, ['remote', 'get-url', 'origin'])).exitCode === 0;
  // The user's own remote and credentials first; the job's clone URL when there is no origin.
  const pushTarget = job.no_push ? undefined : hasOrigin ? 'origin' : job.repo?.clone_url;
  const remoteHead = existing && !resume && pushTarget === 'origin' ? await resolveCommit(dir, `refs/remotes/origin/${branch}`) : undefined;
  return {
    dir, branch, baseSha, runStartSha, resumed: resume, pushTarget, lokiDir: join(dir, '.loki'), originalRef,
    ...(baseUpdate ? { baseUpdate } : {}),
    ...(existing && !resume ? { restarted: { oldHead: existing, ...(remoteHead ? { remoteHead } : {}) } } : {}),
  };
}

/**
 * An in-place build that produced nothing leaves the developer where they were: back on their
 * branch, without an empty `loki/…` branch. A resumed or changed branch is kept.
 */
export async function releaseCheckout(ws: Workspace, headSha: string): Promise<boolean> {
  if (!ws.originalRef || ws.resumed || ws.restarted || headSha !== ws.runStartSha || ws.originalRef === ws.branch) return false;
  const back = await gitResult(ws.dir, ['checkout', '--quiet', ws.originalRef]);
  if (back.exitCode !== 0) return false;
  await gitResult(ws.dir, ['branch', '--quiet', '-D', ws.branch]);
  return true;
}

/**
 * Never committed, whatever the repository's .gitignore says: Loki's scratch folder, and the
 * dependency folders the gates install into (tracked files are not affected by an exclude).
 */
const LOCAL_ONLY = ['/.loki/', 'node_modules/'];

async function excludeLocalOnly(dir: string): Promise<void> {
  const rel = (await git(dir, ['rev-parse', '--git-path', 'info/exclude'])).trim();
  const path = isAbsolute(rel) ? rel : join(dir, rel);
  const current = await readFile(path, 'utf8').catch(() => '');
  const missing = LOCAL_ONLY.filter((line) => !current.split('\n').includes(line));
  if (missing.length === 0) return;
  await mkdir(join(path, '..'), { recursive: true });
  await appendFile(path, `${current && !current.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`);
}
