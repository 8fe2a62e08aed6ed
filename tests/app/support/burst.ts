import type { AppServer } from '../../../app/server.js';
import type { RecordedRequest } from '../../support/github-stand-in.js';
import { labeledPayload, SECRET, startHarness, type Harness, type RunnerRecord } from './app-harness.js';
import type { FakeRepository } from './fake-github.js';
import { scaledAppOctokit } from './scaled-octokit.js';
import { deliver, waitFor } from './webhooks.js';

/**
 * A burst of labelled issues across repositories and installations, against the App with its
 * production Octokit (write spacing scaled down, see scaled-octokit.ts) and the fake GitHub
 * answering some of the App's writes with GitHub's secondary rate limit. It records what GitHub
 * would see; `tests/app/burst.test.ts` asserts on it and `bench/burst.ts` prints figures from it.
 */
export interface BurstPlan {
  /** In delivery order: every issue of the first installation is labelled before any of the next. */
  installations: Array<{ id: number; repositories: Array<{ owner: string; repo: string }> }>;
  issuesPerRepository: number;
  /** Time between two deliveries being sent (they do not wait for each other's answer). */
  spacingMs: number;
  /**
   * The next installation's deliveries wait until this many of the first one's builds are queued
   * and not started (a backlog for it to be fair against), or until 8 s after the first delivery.
   */
  backlogBeforeNext: number;
  /** The App's n-th write (1-based) of each installation is answered 403 secondary rate limit with this `retry-after`. */
  limits: Array<{ write: number; retryAfterSeconds: number }>;
  /** App instances behind a load balancer that sends each delivery to the next one in turn. */
  replicas: number;
  /** Runner slots per replica (LOKI_CONCURRENCY). */
  concurrency: number;
  /** How long each build takes in the fake runner. */
  holdMs: number;
  /** Octokit's write spacing is divided by this. */
  throttleFactor: number;
}

export const BURST_PLAN: BurstPlan = {
  installations: [
    { id: 42, repositories: ['widgets', 'gears', 'levers', 'pulleys'].map((repo) => ({ owner: 'octo-org', repo })) },
    { id: 77, repositories: [{ owner: 'acme', repo: 'rockets' }] },
  ],
  issuesPerRepository: 20,
  spacingMs: 50,
  backlogBeforeNext: 10,
  // After the first installation's first ~10 builds are queued (about 10 writes each), so its
  // backlog is waiting when the second one's deliveries arrive; the second reaches only the first.
  limits: [
    { write: 100, retryAfterSeconds: 2 },
    { write: 400, retryAfterSeconds: 1 },
    { write: 600, retryAfterSeconds: 2 },
  ],
  replicas: 1,
  concurrency: 2,
  holdMs: 300,
  throttleFactor: 200,
};

export const SECONDARY_LIMIT = { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' };

export interface BurstIssue {
  repository: FakeRepository;
  number: number;
  installationId: number;
}

export interface BurstDelivery extends BurstIssue {
  id: string;
  replica: number;
  sentAt: number;
  ackedAt: number;
  status: number;
}

export interface BurstLimit {
  installationId: number;
  /** When the limited request arrived (its 403 was sent at once). */
  at: number;
  retryAfterMs: number;
  method: string;
  path: string;
  body: unknown;
}

export interface BurstRun {
  plan: BurstPlan;
  h: Harness;
  replicas: AppServer[];
  issues: BurstIssue[];
  deliveries: BurstDelivery[];
  /** Every start of the fake runner, in start order. */
  starts: RunnerRecord[];
  limits: BurstLimit[];
  /** Requests the App sent with its own installation tokens (not the jobs'), per installation. */
  appRequests: Array<RecordedRequest & { installationId: number }>;
  /** When the first delivery was sent and when the last build's check run completed. */
  startedAt: number;
  endedAt: number;
  close(): Promise<void>;
}

/** Runs the burst to its end (every build's check run completed and the App idle). */
export async function runBurst(plan: BurstPlan = BURST_PLAN): Promise<BurstRun> {
  const [first, ...more] = plan.installations.flatMap((i) => i.repositories.map((r) => ({ ...r, installationId: i.id })));
  if (!first || first.owner !== 'octo-org' || first.repo !== 'widgets' || first.installationId !== 42) throw new Error('the first repository of a burst is the harness one, octo-org/widgets in installation 42');
  const env = { LOKI_CONCURRENCY: String(plan.concurrency), LOKI_REPLICA_ID: 'replica-0' };
  const h = await startHarness({ Octokit: scaledAppOctokit(plan.throttleFactor), extraEnv: env, repositories: more, runner: { holdMs: plan.holdMs, openPullRequest: true } });
  const replicas = [h.server];
  for (let i = 1; i < plan.replicas; i++) replicas.push(await h.startReplica({ LOKI_REPLICA_ID: `replica-${i}` }, { Octokit: scaledAppOctokit(plan.throttleFactor) }));
  const limits = limitWrites(h, plan.limits);

  const issues: BurstIssue[] = plan.installations.flatMap((installation) => {
    const repositories = installation.repositories.map((r) => h.gh.repository(`${r.owner}/${r.repo}`) as FakeRepository);
    // One installation's issues alternate between its repositories, as a busy organisation's would.
    return Array.from({ length: plan.issuesPerRepository }, (_, i) => repositories.map((repository) => ({ repository, number: i + 1, installationId: installation.id }))).flat();
  });
  const startedAt = Date.now();
  const firstId = plan.installations[0]!.id;
  const firstCount = issues.filter((issue) => issue.installationId === firstId).length;
  const firstRepos = new Set(plan.installations[0]!.repositories.map((r) => `${r.owner}/${r.repo}`));
  const startedOfFirst = () => h.runs().filter((r) => { const repo = (r.job as { repo?: { owner?: string; name?: string } }).repo; return firstRepos.has(`${repo?.owner}/${repo?.name}`); }).length;
  const backlog = () => statusCommentsOf(h, firstId) - startedOfFirst();
  let nextAt: Promise<number> | undefined;
  const nextInstallationAt = () =>
    (nextAt ??= (async () => {
      while (backlog() < plan.backlogBeforeNext && Date.now() < startedAt + 8_000) await new Promise((resolve) => setTimeout(resolve, 25));
      return Date.now();
    })());
  const deliveries = await Promise.all(
    issues.map(async (issue, k) => {
      const sendAt = issue.installationId === firstId ? startedAt + k * plan.spacingMs : (await nextInstallationAt()) + (k - firstCount) * plan.spacingMs;
      await new Promise((resolve) => setTimeout(resolve, sendAt - Date.now()));
      const replica = k % replicas.length;
      const id = `burst-${issue.repository.repo}-${issue.number}`;
      const payload = labeledPayload(h, { number: issue.number, repository: issue.repository, title: `Burst ${issue.repository.repo} #${issue.number}` });
      const sentAt = Date.now();
      const answer = await deliver((replicas[replica] as AppServer).url, SECRET, { id, event: 'issues', payload });
      return { ...issue, id, replica, sentAt, ackedAt: Date.now(), status: answer.status };
    }),
  );
  const built = () => issues.every((issue) => buildRuns(issue).some((r) => r.status === 'completed'));
  await waitFor('every build of the burst to complete', built, 120_000);
  const endedAt = Date.now();
  for (const server of replicas) await (await server.app.ready).background.idle();

  const jobToken = (r: RecordedRequest) => Array.isArray((h.gh.tokenOf(r)?.body as { repository_ids?: unknown } | undefined)?.repository_ids);
  const appRequests = h.gh.standIn.requests.flatMap((r) => {
    const installationId = h.gh.installationOf(r);
    return installationId === undefined || jobToken(r) ? [] : [{ ...r, installationId }];
  });
  return {
    plan,
    h,
    replicas,
    issues,
    deliveries,
    starts: h.runs().sort((a, b) => a.startedAt - b.startedAt),
    limits,
    appRequests,
    startedAt,
    endedAt,
    close: () => h.close(),
  };
}

/** The status comments the App has posted to the installation's issues: builds handed to the dispatcher. */
function statusCommentsOf(h: Harness, installationId: number): number {
  return h.gh.standIn.requests.filter((r) => r.method === 'POST' && /\/issues\/\d+\/comments$/.test(r.path) && h.gh.installationOf(r) === installationId).length;
}

/** The issue's `Loki Build` check runs (the job id names the issue: loki-build-<owner>-<repo>-<n>-<hex>). */
export function buildRuns(issue: BurstIssue) {
  const tail = new RegExp(`-${issue.number}-[0-9a-f]{8}$`);
  return issue.repository.checkRuns.filter((r) => r.name === 'Loki Build' && tail.test(r.external_id ?? ''));
}

/** The runner starts of the issue. */
export function startsOf(run: Pick<BurstRun, 'starts'>, issue: BurstIssue): RunnerRecord[] {
  return run.starts.filter((s) => {
    const job = s.job as { repo?: { owner?: string; name?: string }; issue_number?: number };
    return job.repo?.owner === issue.repository.owner && job.repo.name === issue.repository.repo && job.issue_number === issue.number;
  });
}

export function installationOfStart(run: Pick<BurstRun, 'issues' | 'starts'>, start: RunnerRecord): number | undefined {
  return run.issues.find((issue) => startsOf({ starts: [start] }, issue).length > 0)?.installationId;
}

/**
 * When the App posted the issue's status comment, its last step before handing the job to the
 * dispatcher: from then on the job waits for a runner slot.
 */
export function queuedAt(run: Pick<BurstRun, 'appRequests'>, issue: BurstIssue): number | undefined {
  const path = `/api/v3/repos/${issue.repository.owner}/${issue.repository.repo}/issues/${issue.number}/comments`;
  return run.appRequests.filter((r) => r.method === 'POST' && r.path === path).at(-1)?.at;
}

/**
 * The App's requests that reached GitHub while its installation was told to wait: after a 403 with
 * `retry-after` N and before N seconds had passed. Requests arriving within `graceMs` of the 403
 * were already on their way when it was sent, and do not count.
 */
export function requestsBeforeRetryAfter(run: Pick<BurstRun, 'limits' | 'appRequests'>, graceMs: number): Array<{ limit: BurstLimit; request: RecordedRequest }> {
  return run.limits.flatMap((limit) =>
    run.appRequests.filter((r) => r.installationId === limit.installationId && r.at > limit.at + graceMs && r.at < limit.at + limit.retryAfterMs).map((request) => ({ limit, request })),
  );
}

/** The App's requests per minute to each installation, over the time it sent any. */
export function requestsPerMinute(run: Pick<BurstRun, 'appRequests'>): Map<number, number> {
  const byInstallation = new Map<number, number[]>();
  for (const r of run.appRequests) byInstallation.set(r.installationId, [...(byInstallation.get(r.installationId) ?? []), r.at]);
  return new Map([...byInstallation].map(([id, times]) => [id, times.length / Math.max(1 / 60, (Math.max(...times) - Math.min(...times)) / 60_000)]));
}

/** Answers the App's n-th write of each installation (its own token, not a job's) 403 secondary limit, and records when. */
function limitWrites(h: Harness, plan: BurstPlan['limits']): BurstLimit[] {
  const limits: BurstLimit[] = [];
  const writes = new Map<number, number>();
  for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) {
    h.gh.standIn.on(method, /^\/api\/v3\/repos\//, (r) => {
      const token = h.gh.tokenOf(r);
      if (!token || Array.isArray((token.body as { repository_ids?: unknown } | undefined)?.repository_ids)) return undefined;
      const count = (writes.get(token.installationId) ?? 0) + 1;
      writes.set(token.installationId, count);
      const limit = plan.find((l) => l.write === count);
      if (!limit) return undefined;
      limits.push({ installationId: token.installationId, at: r.at, retryAfterMs: limit.retryAfterSeconds * 1000, method: r.method, path: r.path, body: r.body });
      return { status: 403, headers: { 'retry-after': String(limit.retryAfterSeconds) }, body: SECONDARY_LIMIT };
    });
  }
  return limits;
}
