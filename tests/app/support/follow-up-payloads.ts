import type { FakeGitHub } from './fake-github.js';
import { revParse } from './fake-github.js';
import { examplePayload } from './webhooks.js';

/**
 * Review and CI payloads from @octokit/webhooks-examples, pointed at the fake repository and one of
 * its pull requests (its head read from the bare remote, as GitHub would send it).
 */
function pullOf(gh: FakeGitHub, number: number): Record<string, unknown> {
  const pull = gh.pulls.find((p) => p.number === number);
  if (!pull) throw new Error(`no fake pull request #${number}`);
  const sha = revParse(gh.barePath, `refs/heads/${pull.head}`) ?? '0'.repeat(40);
  return { number, head: { ref: pull.head, sha }, base: { ref: pull.base }, user: pull.user ?? { login: 'loki-test[bot]', type: 'Bot' } };
}

function pointAt(gh: FakeGitHub, payload: Record<string, unknown>, sender: string): Record<string, unknown> {
  payload.repository = gh.repositoryPayload();
  payload.sender = { login: sender, type: sender.endsWith('[bot]') ? 'Bot' : 'User', id: 7 };
  payload.installation = { id: gh.installationId };
  return payload;
}

function withPull(gh: FakeGitHub, payload: Record<string, unknown>, number: number): void {
  const p = pullOf(gh, number) as { number: number; head: { ref: string; sha: string }; base: { ref: string }; user: unknown };
  const pr = payload.pull_request as Record<string, Record<string, unknown>>;
  (pr as Record<string, unknown>).number = p.number;
  (pr as Record<string, unknown>).user = p.user;
  pr.head = { ...pr.head, ref: p.head.ref, sha: p.head.sha, repo: { ...(pr.head?.repo as object), full_name: `${gh.owner}/${gh.repo}` } };
  pr.base = { ...pr.base, ref: p.base.ref, repo: { ...(pr.base?.repo as object), full_name: `${gh.owner}/${gh.repo}` } };
}

export function reviewPayload(gh: FakeGitHub, o: { pull: number; state: 'changes_requested' | 'commented' | 'approved'; body?: string; sender?: string; id?: number }): Record<string, unknown> {
  const payload = examplePayload('pull_request_review', 'submitted');
  withPull(gh, payload, o.pull);
  const sender = o.sender ?? 'writer';
  Object.assign(payload.review as Record<string, unknown>, { id: o.id ?? 900, state: o.state, body: o.body ?? null, user: { login: sender, type: 'User' }, html_url: `http://github.local/${gh.owner}/${gh.repo}/pull/${o.pull}#pullrequestreview-${o.id ?? 900}` });
  return pointAt(gh, payload, sender);
}

export function reviewCommentPayload(gh: FakeGitHub, o: { pull: number; commentId: number; sender?: string }): Record<string, unknown> {
  const payload = examplePayload('pull_request_review_comment', 'created');
  withPull(gh, payload, o.pull);
  const sender = o.sender ?? 'writer';
  const made = gh.reviewComments.find((c) => c.id === o.commentId);
  Object.assign(payload.comment as Record<string, unknown>, { id: o.commentId, body: made?.body ?? '', path: made?.path, user: { login: sender, type: sender.endsWith('[bot]') ? 'Bot' : 'User' }, html_url: made?.html_url ?? '' });
  return pointAt(gh, payload, sender);
}

export function checkSuitePayload(gh: FakeGitHub, o: { pull: number; conclusion: string; app?: string }): Record<string, unknown> {
  const payload = examplePayload('check_suite', 'completed');
  const p = pullOf(gh, o.pull) as { head: { ref: string; sha: string } };
  const suite = payload.check_suite as Record<string, unknown>;
  Object.assign(suite, {
    head_branch: p.head.ref, head_sha: p.head.sha, conclusion: o.conclusion,
    app: { ...(suite.app as object), slug: o.app ?? 'github-actions' },
    pull_requests: [{ number: o.pull, head: { ref: p.head.ref, sha: p.head.sha }, base: { ref: 'main' } }],
  });
  return pointAt(gh, payload, 'github-actions[bot]');
}

export function workflowRunPayload(gh: FakeGitHub, o: { pull: number; conclusion: string; withPulls?: boolean }): Record<string, unknown> {
  const payload = examplePayload('workflow_run', 'completed');
  const p = pullOf(gh, o.pull) as { head: { ref: string; sha: string } };
  Object.assign(payload.workflow_run as Record<string, unknown>, {
    head_branch: p.head.ref, head_sha: p.head.sha, conclusion: o.conclusion, status: 'completed',
    pull_requests: o.withPulls === false ? [] : [{ number: o.pull, head: { ref: p.head.ref, sha: p.head.sha }, base: { ref: 'main' } }],
  });
  return pointAt(gh, payload, 'github-actions[bot]');
}
