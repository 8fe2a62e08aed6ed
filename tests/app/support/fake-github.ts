import { execFileSync } from 'node:child_process';
import { pageOf, serveGitObjects, startGitHubStandIn, type GitHubStandIn, type GitObjects, type RecordedRequest } from '../../support/github-stand-in.js';

/**
 * A stateful GitHub for App tests, on the shared stand-in: one installation, one repository whose
 * branches are read from a real bare git repository, and the issues, comments, reactions, check
 * runs and pull requests the App and the runner create. Routes live under /api/v3, as on GHE, so
 * the App reaches it through GHE_HOST.
 */
export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
}

export interface FakeComment {
  id: number;
  issue_number: number;
  body: string;
  user: { login: string; type: string };
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
  output: { title?: string; summary?: string };
  updates: Array<Record<string, unknown>>;
  /** The App that made it (default: the App under test, `loki-test`). */
  app?: string;
}

export interface FakePull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  /** Who opened it (default: the App, as `loki-test[bot]`). */
  user?: { login: string; type: string };
}

/** A pull request review comment; a reply carries `in_reply_to_id`. */
export interface FakeReviewComment {
  id: number;
  pull_number: number;
  body: string;
  path: string;
  line: number | null;
  diff_hunk: string;
  in_reply_to_id?: number;
  user: { login: string; type: string };
  html_url: string;
}

/** What an external check run of the repository's CI answers: annotations, and for Actions a job log behind a redirect. */
export interface FakeCiRun {
  annotations: Array<Record<string, unknown>>;
  log?: string;
}

export interface FakeGitHub {
  standIn: GitHubStandIn;
  /** host:port for GHE_HOST (with GHE_PROTOCOL=http). */
  host: string;
  apiUrl: string;
  owner: string;
  repo: string;
  repoId: number;
  installationId: number;
  /** Installations listed before this one (they hold no repositories here), to test paging. */
  otherInstallations: number[];
  /** Repository names listed before this one in the installation (their API answers 404), to test paging. */
  otherRepositories: string[];
  barePath: string;
  roles: Map<string, string>;
  /** The repository's `.github/loki.yml`, as a parsed object (JSON is YAML). Undefined: no file. */
  config: Record<string, unknown> | undefined;
  issues: Map<number, FakeIssue>;
  comments: FakeComment[];
  reactions: Array<{ issue_number: number; content: string }>;
  checkRuns: FakeCheckRun[];
  pulls: FakePull[];
  reviewComments: FakeReviewComment[];
  /** Annotations and logs of check runs made by others (by check run id). */
  ci: Map<number, FakeCiRun>;
  /** Adds a review comment (or a reply) and returns it, as a reviewer writing on the pull request would. */
  addReviewComment(comment: Omit<FakeReviewComment, 'id' | 'html_url'>): FakeReviewComment;
  /** Adds a completed check run made by another App (the repository's CI) on a commit. */
  addExternalCheckRun(run: { name: string; head_sha: string; conclusion: string; app?: string; output?: FakeCheckRun['output'] } & Partial<FakeCiRun>): FakeCheckRun;
  /** Git refs and commits (the job leases live there). */
  git: GitObjects;
  tokens: Array<{ installationId: number; body: unknown }>;
  repositoryPayload(): Record<string, unknown>;
  close(): Promise<void>;
}

const P = '/api/v3';

export async function startFakeGitHub(options: { barePath: string; owner?: string; repo?: string }): Promise<FakeGitHub> {
  const standIn = await startGitHubStandIn();
  const owner = options.owner ?? 'octo-org';
  const repo = options.repo ?? 'widgets';
  const base = `${P}/repos/${owner}/${repo}`;
  let nextId = 100;
  const fake: FakeGitHub = {
    standIn,
    host: standIn.url.replace(/^http:\/\//, ''),
    apiUrl: `${standIn.url}${P}`,
    owner,
    repo,
    repoId: 1001,
    installationId: 42,
    otherInstallations: [],
    otherRepositories: [],
    barePath: options.barePath,
    roles: new Map(),
    config: undefined,
    issues: new Map(),
    comments: [],
    reactions: [],
    checkRuns: [],
    pulls: [],
    reviewComments: [],
    ci: new Map(),
    addReviewComment(comment) {
      const id = nextId++;
      const made = { ...comment, id, html_url: `http://github.local/${owner}/${repo}/pull/${comment.pull_number}#discussion_r${id}` };
      fake.reviewComments.push(made);
      return made;
    },
    addExternalCheckRun(run) {
      const made: FakeCheckRun = { id: nextId++, name: run.name, head_sha: run.head_sha, status: 'completed', conclusion: run.conclusion, external_id: null, output: run.output ?? {}, updates: [], app: run.app ?? 'github-actions' };
      fake.checkRuns.push(made);
      fake.ci.set(made.id, { annotations: run.annotations ?? [], ...(run.log !== undefined ? { log: run.log } : {}) });
      return made;
    },
    git: undefined as unknown as GitObjects,
    tokens: [],
    repositoryPayload: () => ({
      id: fake.repoId,
      name: repo,
      full_name: `${owner}/${repo}`,
      owner: { login: owner, type: 'Organization' },
      clone_url: options.barePath,
      default_branch: 'main',
      private: false,
    }),
    close: () => standIn.close(),
  };
  fake.git = serveGitObjects(standIn, P);
  const bodyOf = (r: RecordedRequest) => (r.body ?? {}) as Record<string, unknown>;
  const on = standIn.on.bind(standIn);
  const re = (path: string) => new RegExp(`^${path.replace(/[.$]/g, '\\$&')}$`);

  on('POST', /^\/api\/v3\/app\/installations\/(\d+)\/access_tokens$/, (r, m) => {
    fake.tokens.push({ installationId: Number(m[1]), body: r.body });
    return { status: 201, body: { token: `ghs_fake${fake.tokens.length}`, expires_at: new Date(Date.now() + 3600_000).toISOString() } };
  });
  on('GET', `${P}/app`, { body: { id: 4242, slug: 'loki-test', name: 'Loki (test)' } });
  on('GET', `${P}/app/installations`, (r) => pageOf(r, [...fake.otherInstallations, fake.installationId].map((id) => ({ id }))));
  const installationOf = (r: RecordedRequest) => fake.tokens[Number(/ghs_fake(\d+)/.exec(String(r.headers.authorization))?.[1] ?? 0) - 1]?.installationId;
  on('GET', `${P}/installation/repositories`, (r) => installationOf(r) !== fake.installationId ? pageOf(r, [], 'repositories') : pageOf(r, [...fake.otherRepositories.map((name) => ({ ...fake.repositoryPayload(), id: 1_000 + fake.otherRepositories.indexOf(name), name, full_name: `${owner}/${name}` })), fake.repositoryPayload()], 'repositories'));
  on('GET', re(`${base}/installation`), { body: { id: fake.installationId } });
  on('GET', /^\/api\/v3\/repos\/[^/]+\/[^/]+\/collaborators\/([^/]+)\/permission$/, (_r, m) => {
    const role = fake.roles.get(decodeURIComponent(m[1] ?? ''));
    if (!role) return { status: 404, body: { message: 'Not Found' } };
    const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
    return { body: { permission, role_name: role, user: { login: m[1] } } };
  });
  on('GET', /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/, (_r, m) => {
    const path = decodeURIComponent(m[3] ?? '');
    if (m[2] === repo && path === '.github/loki.yml' && fake.config) {
      // Raw media type, as GitHub sends it for `format: raw`; JSON text is valid YAML.
      return { body: fake.config, headers: { 'content-type': 'text/plain; charset=utf-8' } };
    }
    return { status: 404, body: { message: 'Not Found' } };
  });
  on('GET', /^\/api\/v3\/repos\/[^/]+\/[^/]+\/branches\/(.+)$/, (_r, m) => {
    const sha = revParse(fake.barePath, `refs/heads/${decodeURIComponent(m[1] ?? '')}`);
    return sha ? { body: { name: m[1], commit: { sha } } } : { status: 404, body: { message: 'Branch not found' } };
  });
  on('GET', /^\/api\/v3\/repos\/[^/]+\/[^/]+\/git\/trees\/(.+)$/, { body: { tree: [{ path: 'package.json', type: 'blob', size: 100 }], truncated: false } });

  on('GET', re(`${base}/issues`), (r) => {
    const label = r.query.get('labels');
    const list = [...fake.issues.values()].filter((i) => i.state === 'open' && (!label || i.labels.includes(label)));
    return pageOf(r, list.map(issueJson));
  });
  on('GET', new RegExp(`^${base}/issues/(\\d+)$`), (_r, m) => {
    const issue = fake.issues.get(Number(m[1]));
    return issue ? { body: issueJson(issue) } : { status: 404, body: { message: 'Not Found' } };
  });
  on('PATCH', new RegExp(`^${base}/issues/(\\d+)$`), (r, m) => {
    const issue = fake.issues.get(Number(m[1]));
    if (!issue) return { status: 404, body: { message: 'Not Found' } };
    if (bodyOf(r).state === 'closed') issue.state = 'closed';
    return { body: issueJson(issue) };
  });
  on('POST', new RegExp(`^${base}/issues/(\\d+)/reactions$`), (r, m) => {
    fake.reactions.push({ issue_number: Number(m[1]), content: String(bodyOf(r).content) });
    return { status: 201, body: { id: nextId++, content: bodyOf(r).content } };
  });
  on('GET', new RegExp(`^${base}/issues/(\\d+)/comments$`), (r, m) => {
    return pageOf(r, fake.comments.filter((c) => c.issue_number === Number(m[1])));
  });
  on('POST', new RegExp(`^${base}/issues/(\\d+)/comments$`), (r, m) => {
    const comment: FakeComment = { id: nextId++, issue_number: Number(m[1]), body: String(bodyOf(r).body), user: { login: 'loki[bot]', type: 'Bot' } };
    fake.comments.push(comment);
    return { status: 201, body: comment };
  });
  on('PATCH', new RegExp(`^${base}/issues/comments/(\\d+)$`), (r, m) => {
    const comment = fake.comments.find((c) => c.id === Number(m[1]));
    if (!comment) return { status: 404, body: { message: 'Not Found' } };
    comment.body = String(bodyOf(r).body);
    return { body: comment };
  });
  on('GET', new RegExp(`^${base}/issues/comments/(\\d+)$`), (_r, m) => {
    const comment = fake.comments.find((c) => c.id === Number(m[1]));
    return comment ? { body: comment } : { status: 404, body: { message: 'Not Found' } };
  });

  on('POST', re(`${base}/check-runs`), (r) => {
    const b = bodyOf(r);
    const run: FakeCheckRun = {
      id: nextId++,
      name: String(b.name),
      head_sha: String(b.head_sha),
      status: String(b.status ?? 'queued'),
      conclusion: (b.conclusion as string | undefined) ?? null,
      external_id: (b.external_id as string | undefined) ?? null,
      output: (b.output as FakeCheckRun['output'] | undefined) ?? {},
      updates: [b],
    };
    fake.checkRuns.push(run);
    return { status: 201, body: checkRunJson(run) };
  });
  on('PATCH', new RegExp(`^${base}/check-runs/(\\d+)$`), (r, m) => {
    const run = fake.checkRuns.find((c) => c.id === Number(m[1]));
    if (!run) return { status: 404, body: { message: 'Not Found' } };
    const b = bodyOf(r);
    run.updates.push(b);
    if (typeof b.status === 'string') run.status = b.status;
    if (typeof b.conclusion === 'string') {
      run.conclusion = b.conclusion;
      run.status = 'completed';
    }
    if (b.output) run.output = b.output as FakeCheckRun['output'];
    return { body: checkRunJson(run) };
  });
  on('GET', new RegExp(`^${base}/check-runs/(\\d+)$`), (_r, m) => {
    const run = fake.checkRuns.find((c) => c.id === Number(m[1]));
    return run ? { body: checkRunJson(run) } : { status: 404, body: { message: 'Not Found' } };
  });
  on('GET', new RegExp(`^${base}/commits/(.+)/check-runs$`), (r, m) => {
    const refName = decodeURIComponent(m[1] ?? '');
    const sha = /^[0-9a-f]{40}$/.test(refName) ? refName : revParse(fake.barePath, `refs/heads/${refName}`);
    const name = r.query.get('check_name');
    const runs = fake.checkRuns.filter((c) => c.head_sha === sha && (!name || c.name === name));
    return pageOf(r, runs.map(checkRunJson), 'check_runs');
  });

  on('GET', re(`${base}/pulls`), (r) => {
    const head = r.query.get('head');
    const list = fake.pulls.filter((p) => !head || head === `${owner}:${p.head}` || head === p.head);
    return pageOf(r, list.map((p) => pullJson(fake, p)));
  });
  on('POST', re(`${base}/pulls`), (r) => {
    const b = bodyOf(r);
    if (fake.pulls.some((p) => p.head === b.head)) return { status: 422, body: { message: 'Validation Failed', errors: [{ message: `A pull request already exists for ${owner}:${String(b.head)}.` }] } };
    const pull: FakePull = { number: 500 + fake.pulls.length, title: String(b.title), body: String(b.body ?? ''), head: String(b.head), base: String(b.base) };
    fake.pulls.push(pull);
    return { status: 201, body: pullJson(fake, pull) };
  });
  on('GET', new RegExp(`^${base}/pulls/(\\d+)$`), (_r, m) => {
    const pull = fake.pulls.find((p) => p.number === Number(m[1]));
    return pull ? { body: pullJson(fake, pull) } : { status: 404, body: { message: 'Not Found' } };
  });
  on('PATCH', new RegExp(`^${base}/pulls/(\\d+)$`), (r, m) => {
    const pull = fake.pulls.find((p) => p.number === Number(m[1]));
    if (!pull) return { status: 404, body: { message: 'Not Found' } };
    const b = bodyOf(r);
    if (typeof b.body === 'string') pull.body = b.body;
    if (typeof b.title === 'string') pull.title = b.title;
    return { body: pullJson(fake, pull) };
  });
  on('GET', new RegExp(`^${base}/pulls/(\\d+)/comments$`), (r, m) => pageOf(r, fake.reviewComments.filter((c) => c.pull_number === Number(m[1]))));
  on('POST', new RegExp(`^${base}/pulls/(\\d+)/comments/(\\d+)/replies$`), (r, m) => {
    const parent = fake.reviewComments.find((c) => c.id === Number(m[2]) && c.pull_number === Number(m[1]));
    if (!parent) return { status: 404, body: { message: 'Not Found' } };
    const reply = fake.addReviewComment({ pull_number: parent.pull_number, body: String(bodyOf(r).body), path: parent.path, line: parent.line, diff_hunk: parent.diff_hunk, in_reply_to_id: parent.in_reply_to_id ?? parent.id, user: { login: 'loki-test[bot]', type: 'Bot' } });
    return { status: 201, body: reply };
  });
  on('GET', new RegExp(`^${base}/check-runs/(\\d+)/annotations$`), (r, m) => pageOf(r, fake.ci.get(Number(m[1]))?.annotations ?? []));
  // An Actions job log is a redirect to the text, as on GitHub.
  on('GET', new RegExp(`^${base}/actions/jobs/(\\d+)/logs$`), (_r, m) => (fake.ci.get(Number(m[1]))?.log === undefined ? { status: 404, body: { message: 'Not Found' } } : { status: 302, headers: { location: `${standIn.url}/job-logs/${m[1]}.txt` } }));
  on('GET', /^\/job-logs\/(\d+)\.txt$/, (_r, m) => ({ raw: fake.ci.get(Number(m[1]))?.log ?? '', headers: { 'content-type': 'text/plain; charset=utf-8' } }));
  on('GET', new RegExp(`^${base}/commits/([0-9a-f]{40})/pulls$`), (_r, m) => ({ body: fake.pulls.map((p) => pullJson(fake, p)).filter((p) => (p.head as { sha: string }).sha === m[1]) }));
  return fake;
}

function issueJson(issue: FakeIssue): Record<string, unknown> {
  return { number: issue.number, title: issue.title, body: issue.body, state: issue.state, labels: issue.labels.map((name) => ({ name })) };
}

function checkRunJson(run: FakeCheckRun): Record<string, unknown> {
  return { id: run.id, name: run.name, head_sha: run.head_sha, status: run.status, conclusion: run.conclusion, external_id: run.external_id, output: run.output, html_url: `http://github.local/runs/${run.id}`, app: { slug: run.app ?? 'loki-test' } };
}

function pullJson(fake: FakeGitHub, pull: FakePull): Record<string, unknown> {
  const sha = revParse(fake.barePath, `refs/heads/${pull.head}`) ?? '0'.repeat(40);
  return {
    number: pull.number,
    title: pull.title,
    body: pull.body,
    state: 'open',
    user: pull.user ?? { login: 'loki-test[bot]', type: 'Bot' },
    html_url: `http://github.local/${fake.owner}/${fake.repo}/pull/${pull.number}`,
    head: { ref: pull.head, sha, repo: { full_name: `${fake.owner}/${fake.repo}` } },
    base: { ref: pull.base, repo: { full_name: `${fake.owner}/${fake.repo}` } },
  };
}

export function revParse(barePath: string, ref: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', ref], { cwd: barePath, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}
