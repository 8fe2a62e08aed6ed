import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { LokiConfig, ProviderName } from '../../gates/config/schema.js';
import { LokiError } from '../../gates/core/errors.js';
import { gitResult, resolveCommit } from '../../gates/git/git.js';
import { parseJob } from './read-job-file.js';
import type { Job, JobInput } from './schema.js';

export interface BuildJobInput {
  cwd: string;
  /** The spec as read (file or issue). */
  spec: NonNullable<JobInput['spec']>;
  issue?: { owner: string; repo: string; number: number };
  provider?: ProviderName;
  maxIterations?: number;
  maxMinutes?: number;
  budgetUsd?: number;
  noPush: boolean;
  /** Start over from the base even when the build branch exists. */
  restart?: boolean;
  config: LokiConfig;
  env?: NodeJS.ProcessEnv;
}

/** The job `loki build` runs: the checkout in the cwd, its origin (when it pushes), the caps from the flags. */
export async function createBuildJob(input: BuildJobInput): Promise<Job> {
  const env = input.env ?? process.env;
  const first = input.provider ?? (env.LOKI_PROVIDER as ProviderName | undefined) ?? input.config.provider.name;
  const base = await baseBranch(input.cwd);
  const origin = input.noPush ? undefined : await originRepo(input.cwd, env);
  const repo = input.issue && origin && (origin.owner !== input.issue.owner || origin.name !== input.issue.repo) ? undefined : origin;
  const job: JobInput = {
    job_id: `local-${new Date().toISOString().replace(/[-:.TZ]/g, '')}`,
    kind: 'build',
    base_ref: base,
    spec: input.spec,
    provider_order: [first, ...input.config.provider.failover],
    budgets: {
      ...(input.maxIterations ? { max_iterations: input.maxIterations } : {}),
      ...(input.maxMinutes ? { max_minutes: input.maxMinutes } : {}),
      ...(input.budgetUsd !== undefined ? { budget_usd: input.budgetUsd } : {}),
    },
    no_push: input.noPush,
    restart: input.restart ?? false,
    ...(input.issue ? { issue_number: input.issue.number } : {}),
    ...(repo ? { repo: { ...repo, default_branch: base } } : {}),
  };
  return parseJob(job, 'the build job');
}

/** Reads a spec file: its first Markdown heading (or file name) is the title. */
export async function readSpecSource(path: string): Promise<NonNullable<JobInput['spec']>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new LokiError('SPEC_NOT_FOUND', `cannot read the spec ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, {
      fix: 'pass the path of an existing spec file, or owner/repo#N for a GitHub issue',
      cause: error,
    });
  }
  const heading = /^#\s+(.+)$/m.exec(text)?.[1]?.trim();
  return { source: 'file', ref: path, title: heading ?? basename(path), text, labels: [] };
}

/** The branch the build starts from: the current one, or the default branch when already on a Loki branch. */
async function baseBranch(cwd: string): Promise<string> {
  const current = (await gitResult(cwd, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).stdout.trim();
  if (current && !current.startsWith('loki/')) return current;
  const originHead = (await gitResult(cwd, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'])).stdout.trim();
  if (originHead) return originHead.replace(/^origin\//, '');
  for (const name of ['main', 'master']) if (await resolveCommit(cwd, `refs/heads/${name}`)) return name;
  throw new LokiError('BASE_NOT_FOUND', 'cannot tell which branch to build from (detached HEAD or an unknown default branch)', {
    fix: 'check out the branch the build should start from (e.g. git switch main)',
  });
}

/** owner/name from a GitHub-style origin URL (https or ssh); undefined for anything else. */
export async function originRepo(cwd: string, env: NodeJS.ProcessEnv): Promise<{ owner: string; name: string; clone_url: string; api_url: string } | undefined> {
  const url = (await gitResult(cwd, ['remote', 'get-url', 'origin'])).stdout.trim();
  const match = /^(?:https?:\/\/(?:[^@/]+@)?|git@|ssh:\/\/git@)([^/:]+)[/:]([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  const host = match[1];
  const api = env.GITHUB_API_URL ?? (host === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`);
  return { owner: match[2], name: match[3], clone_url: `https://${host}/${match[2]}/${match[3]}.git`, api_url: api };
}
