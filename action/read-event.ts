import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { LokiError } from '../gates/core/errors.js';

/** What the Action needs from the workflow's event and environment. */
export interface ActionContext {
  owner: string;
  repo: string;
  /** The PR under review, when the event is about one. */
  pullRequest: PullRequestRef | undefined;
  /** The commit the check run belongs to: the PR head (what reviewers see), else GITHUB_SHA. */
  checkSha: string | undefined;
  /** The base to diff against when the `base` input is empty. */
  defaultBase: string | undefined;
  /** Where the run's page (job summary, artifacts) is, for links from the check run. */
  runUrl: string | undefined;
  eventName: string | undefined;
}

export interface PullRequestRef {
  number: number;
  baseRef: string;
  headSha: string;
  /** From another repository (or from a deleted fork): the workflow token is read-only there. */
  fromFork: boolean;
  /** What the PR says it is (title, body, labels): a `refactor:` title or a `docs` label declares its kind. */
  description: { title: string; text: string; labels: string[] };
}

const SHA = z.string().regex(/^[0-9a-f]{40}$/);
const RepoSchema = z.looseObject({ full_name: z.string().min(3) });

const PullRequestEventSchema = z.looseObject({
  pull_request: z.looseObject({
    number: z.number().int().positive(),
    title: z.string().default(''),
    body: z.string().nullable().default(null),
    labels: z.array(z.looseObject({ name: z.string() })).default([]),
    base: z.looseObject({ ref: z.string().min(1), repo: RepoSchema }),
    head: z.looseObject({ sha: SHA, repo: RepoSchema.nullable() }),
  }),
});

const OtherEventSchema = z.looseObject({
  repository: z.looseObject({ full_name: z.string().min(3), default_branch: z.string().min(1).optional() }).optional(),
});

/** Reads GITHUB_EVENT_PATH and the GITHUB_* variables (not `github.context`, which is read at import). */
export async function readActionContext(env: NodeJS.ProcessEnv): Promise<ActionContext> {
  const payload = await readPayload(env.GITHUB_EVENT_PATH);
  const pr = PullRequestEventSchema.safeParse(payload);
  if (payload !== undefined && 'pull_request' in (payload as object) && !pr.success) {
    throw new LokiError('USAGE', `the event payload at ${env.GITHUB_EVENT_PATH} has a malformed pull_request: ${pr.error.issues[0]?.message ?? 'unknown problem'}`, {
      fix: 'run the action on pull_request events from GitHub, or pass `base` and `head` inputs on other events',
    });
  }
  const other = OtherEventSchema.safeParse(payload);
  const repository = (pr.success ? pr.data.pull_request.base.repo.full_name : undefined)
    ?? (other.success ? other.data.repository?.full_name : undefined)
    ?? env.GITHUB_REPOSITORY;
  const [owner, repo] = splitRepository(repository);
  const pullRequest = pr.success ? toPullRequest(pr.data) : undefined;
  return {
    owner,
    repo,
    pullRequest,
    checkSha: pullRequest?.headSha ?? env.GITHUB_SHA,
    defaultBase: pullRequest?.baseRef ?? env.GITHUB_BASE_REF ?? (other.success ? other.data.repository?.default_branch : undefined),
    runUrl: runUrlOf(env, `${owner}/${repo}`),
    eventName: env.GITHUB_EVENT_NAME,
  };
}

async function readPayload(path: string | undefined): Promise<unknown> {
  if (!path) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new LokiError('USAGE', `cannot read the event payload ${path}: ${(error as Error).message}`, {
      fix: 'run the action inside a GitHub Actions job (GITHUB_EVENT_PATH must name the event file)',
      cause: error,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new LokiError('USAGE', `the event payload ${path} is not JSON`, {
      fix: 'run the action inside a GitHub Actions job, or point GITHUB_EVENT_PATH at a webhook payload',
      cause: error,
    });
  }
}

function toPullRequest(event: z.infer<typeof PullRequestEventSchema>): PullRequestRef {
  const { number, base, head, title, body, labels } = event.pull_request;
  return {
    number,
    description: { title, text: body ?? '', labels: labels.map((l) => l.name) },
    baseRef: base.ref,
    headSha: head.sha,
    fromFork: head.repo === null || head.repo.full_name.toLowerCase() !== base.repo.full_name.toLowerCase(),
  };
}

function splitRepository(fullName: string | undefined): [string, string] {
  const [owner, repo, ...rest] = (fullName ?? '').split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new LokiError('USAGE', `cannot tell which repository this is (GITHUB_REPOSITORY is "${fullName ?? ''}")`, {
      fix: 'run the action inside a GitHub Actions job, where GITHUB_REPOSITORY is set to owner/name',
    });
  }
  return [owner, repo];
}

function runUrlOf(env: NodeJS.ProcessEnv, repository: string): string | undefined {
  if (!env.GITHUB_RUN_ID) return undefined;
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  return `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}`;
}
