import type { Probot } from 'probot';
import { z } from 'zod';
import { issueKey } from '../active-jobs.js';
import { authorize } from '../authorize.js';
import type { FollowUpRequest } from '../follow-up-queue.js';
import { loadRepoConfig } from '../load-repo-config.js';
import { isLokiPull, lokiIssueOf, LokiPullSchema, readLokiPull } from '../loki-pull.js';
import { ActorSchema, CommonSchema, readPayload, refOf } from '../payload.js';
import type { AppServices, InstallationClient } from '../services.js';
import { acknowledge } from './acknowledge.js';

const ReviewEventSchema = CommonSchema.extend({
  review: z.object({ id: z.number().int().positive(), state: z.string(), body: z.string().nullish(), html_url: z.string(), user: ActorSchema.nullish() }),
  pull_request: LokiPullSchema,
});
const ReviewCommentEventSchema = CommonSchema.extend({
  comment: z.object({ id: z.number().int().positive(), html_url: z.string(), user: ActorSchema.nullish() }),
  pull_request: LokiPullSchema,
});
const PullRefSchema = z.object({ number: z.number().int().positive(), head: z.object({ ref: z.string() }) });
const CheckSuiteEventSchema = CommonSchema.extend({
  check_suite: z.object({
    id: z.number().int().positive(),
    head_branch: z.string().nullish(),
    head_sha: z.string().regex(/^[0-9a-f]{40}$/),
    conclusion: z.string().nullish(),
    url: z.string(),
    app: z.object({ slug: z.string().nullish() }).nullish(),
    pull_requests: z.array(PullRefSchema).default([]),
  }),
});
const WorkflowRunEventSchema = CommonSchema.extend({
  workflow_run: z.object({
    id: z.number().int().positive(),
    name: z.string().nullish(),
    head_branch: z.string().nullish(),
    head_sha: z.string().regex(/^[0-9a-f]{40}$/),
    conclusion: z.string().nullish(),
    html_url: z.string(),
    pull_requests: z.array(PullRefSchema).default([]),
  }),
});

/** Review states that ask for work: changes requested, or a comment review (its inline comments are the work). */
const ASKING = new Set(['changes_requested', 'commented']);

/**
 * Review feedback and failing CI on Loki's own pull requests start a follow-up build on the same
 * branch. Events on other pull requests, from people Loki does not act for, or from Loki itself,
 * start nothing and say nothing.
 */
export function registerFollowUpHandlers(app: Probot, services: AppServices): void {
  app.on(
    'pull_request_review.submitted',
    acknowledge(services, 'queue a follow-up of the review', (raw) => {
      const payload = readPayload(ReviewEventSchema, raw, 'pull_request_review.submitted');
      const issueNumber = lokiIssueOf(payload.pull_request);
      if (issueNumber === undefined || !ASKING.has(payload.review.state.toLowerCase())) return undefined;
      const author = payload.review.user?.login ?? payload.sender.login;
      const state = payload.review.state.toLowerCase();
      return (gh) => queueFromPerson(gh, services, payload, {
        installationId: payload.installation.id, repository: payload.repository, pullNumber: payload.pull_request.number, issueNumber,
        trigger: { kind: 'review', url: payload.review.html_url, by: author },
        ...(state === 'changes_requested' && payload.review.body?.trim() ? { review: { author, body: payload.review.body, url: payload.review.html_url } } : {}),
      });
    }),
  );
  app.on(
    'pull_request_review_comment.created',
    acknowledge(services, 'queue a follow-up of the review comment', (raw) => {
      const payload = readPayload(ReviewCommentEventSchema, raw, 'pull_request_review_comment.created');
      const issueNumber = lokiIssueOf(payload.pull_request);
      if (issueNumber === undefined) return undefined;
      return (gh) => queueFromPerson(gh, services, payload, {
        installationId: payload.installation.id, repository: payload.repository, pullNumber: payload.pull_request.number, issueNumber,
        trigger: { kind: 'comment', url: payload.comment.html_url, by: payload.comment.user?.login ?? payload.sender.login },
      });
    }),
  );
  app.on(
    'check_suite.completed',
    acknowledge(services, 'queue a CI repair', (raw) => {
      const payload = readPayload(CheckSuiteEventSchema, raw, 'check_suite.completed');
      const suite = payload.check_suite;
      if (suite.conclusion !== 'failure' && suite.conclusion !== 'timed_out') return undefined;
      const pull = suite.pull_requests.find((p) => /^loki\/issue-\d+$/.test(p.head.ref));
      if (!pull) return undefined;
      return (gh) => queueFromCi(gh, services, payload, pull, suite.head_sha, suite.url, suite.app?.slug ?? undefined);
    }),
  );
  app.on(
    'workflow_run.completed',
    acknowledge(services, 'queue a CI repair', (raw) => {
      const payload = readPayload(WorkflowRunEventSchema, raw, 'workflow_run.completed');
      const run = payload.workflow_run;
      if (run.conclusion !== 'failure' && run.conclusion !== 'timed_out') return undefined;
      if (!/^loki\/issue-\d+$/.test(run.head_branch ?? '')) return undefined;
      const pull = run.pull_requests.find((p) => p.head.ref === run.head_branch);
      return (gh) => queueFromCi(gh, services, payload, pull, run.head_sha, run.html_url, 'github-actions');
    }),
  );
}

type Common = z.infer<typeof CommonSchema>;

/** A person's review event: the pull request must be the App's, and the person one Loki acts for. */
async function queueFromPerson(gh: InstallationClient, services: AppServices, payload: Common & { pull_request: z.infer<typeof LokiPullSchema> }, request: FollowUpRequest): Promise<void> {
  const botLogin = await services.botLogin();
  if (!isLokiPull(payload.pull_request, botLogin) || payload.sender.login.toLowerCase() === botLogin.toLowerCase()) return;
  const ref = refOf(payload.repository);
  // The sender wrote it; Loki's own replies (a bot not allowlisted) and read-only users start nothing.
  const decision = await authorize(gh, ref, payload.sender, await loadRepoConfig(gh, ref));
  if (!decision.allowed) {
    services.log.info({ repo: `${ref.owner}/${ref.repo}`, pull: request.pullNumber, login: payload.sender.login }, `review feedback not acted on: ${decision.reason}`);
    return;
  }
  services.followUps.add(issueKey(ref, request.issueNumber), request);
}

/** Failing CI on a Loki branch: what failed is read when the follow-up starts, and it must not be Loki's own checks. */
async function queueFromCi(gh: InstallationClient, services: AppServices, payload: Common, pull: z.infer<typeof PullRefSchema> | undefined, headSha: string, url: string, appSlug: string | undefined): Promise<void> {
  const botLogin = await services.botLogin();
  if (appSlug && `${appSlug}[bot]`.toLowerCase() === botLogin.toLowerCase()) return;
  const ref = refOf(payload.repository);
  const number = pull?.number ?? (await openPullOf(gh, ref, headSha));
  if (number === undefined) return;
  const data = await readLokiPull(gh, ref, number);
  const issueNumber = lokiIssueOf(data);
  if (issueNumber === undefined || !isLokiPull(data, botLogin) || data.head.sha !== headSha) return;
  services.followUps.add(issueKey(ref, issueNumber), { installationId: payload.installation.id, repository: payload.repository, pullNumber: number, issueNumber, headSha, trigger: { kind: 'ci', url, by: appSlug ?? 'ci' } });
}

/** A workflow run's payload lists no pull request for some heads: find the open one whose head it is. */
async function openPullOf(gh: InstallationClient, ref: { owner: string; repo: string }, headSha: string): Promise<number | undefined> {
  const pulls = z.array(z.object({ number: z.number().int().positive(), head: z.object({ sha: z.string() }) })).parse(
    (await gh.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { ...ref, commit_sha: headSha })).data,
  );
  return pulls.find((p) => p.head.sha === headSha)?.number;
}
