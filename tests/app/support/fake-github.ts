import { execFileSync } from 'node:child_process';
import { pageOf, serveGitObjects, startGitHubStandIn, type GitHubStandIn, type GitObjects, type RecordedRequest, type StandInReply } from '../../support/github-stand-in.js';

/**
 * A stateful GitHub for App tests, on the shared stand-in: repositories (one by default, more with
 * `addRepository`, in one installation or several) whose branches are read from a real bare git
 * repository, and the issues, comments, reactions, check runs and pull requests the App and the
 * runner create in each. Routes live under /api/v3, as on GHE, so
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

/** One repository's state: its issues, comments, check runs and pull requests, and its installation. */
export interface FakeRepository {
  owner: string;
  repo: string;
  repoId: number;
  installationId: number;
  barePath: string;
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
  repositoryPayload(): Record<string, unknown>;
}

/**
 * The GitHub of a test. It is itself the first repository (octo-org/widgets in installation 42, the
 * one most tests need); `addRepository` adds more, in that installation or others.
 */
export interface FakeGitHub extends FakeRepository {
  standIn: GitHubStandIn;
  /** host:port for GHE_HOST (with GHE_PROTOCOL=http). */
  host: string;
  apiUrl: string;
  /** Every repository served, the first one first. */
  repositories: FakeRepository[];
  /** Serves another repository (default: the first one's bare repository as its code). */
  addRepository(options: { owner: string; repo: string; installationId: number; barePath?: string }): FakeRepository;
  /** The repository `owner/repo`, if served. */
  repository(fullName: string): FakeRepository | undefined;
  /** Installations listed before the served ones (they hold no repositories here), to test paging. */
  otherInstallations: number[];
  /** Repository names listed before the first one in its installation (their API answers 404), to test paging. */
  otherRepositories: string[];
  /** Roles by login, the same in every repository. */
  roles: Map<string, string>;
  /** Git refs and commits (the job leases live there). */
  git: GitObjects;
  /** Every token minted: `repository_ids` in the body marks a job's token, its absence the App's own installation client. */
  tokens: Array<{ installationId: number; body: unknown }>;
  /** The installation whose token authorised a request (undefined: the App's JWT, or no token). */
  installationOf(request: RecordedRequest): number | undefined;
  /** The minted token a request carries (its index in `tokens`), if any. */
  tokenOf(request: RecordedRequest): { installationId: number; body: unknown } | undefined;
  close(): Promise<void>;
}

const P = '/api/v3';

export async function startFakeGitHub(options: { barePath: string; owner?: string; repo?: string }): Promise<FakeGitHub> {
  const standIn = await startGitHubStandIn();
  let nextId = 100;
  const newRepository = (o: { owner: string; repo: string; installationId: number; barePath: string; repoId: number }): FakeRepository => {
    const repository: FakeRepository = {
      owner: o.owner,
      repo: o.repo,
      repoId: o.repoId,
      installationId: o.installationId,
      barePath: o.barePath,
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
        const made = { ...comment, id, html_url: `http://github.local/${repository.owner}/${repository.repo}/pull/${comment.pull_number}#discussion_r${id}` };
        repository.reviewComments.push(made);
        return made;
      },
      addExternalCheckRun(run) {
        const made: FakeCheckRun = { id: nextId++, name: run.name, head_sha: run.head_sha, status: 'completed', conclusion: run.conclusion, external_id: null, output: run.output ?? {}, updates: [], app: run.app ?? 'github-actions' };
        repository.checkRuns.push(made);
        repository.ci.set(made.id, { annotations: run.annotations ?? [], ...(run.log !== undefined ? { log: run.log } : {}) });
        return made;
      },
      repositoryPayload: () => ({
        id: repository.repoId,
        name: repository.repo,
        full_name: `${repository.owner}/${repository.repo}`,
        owner: { login: repository.owner, type: 'Organization' },
        clone_url: repository.barePath,
        default_branch: 'main',
        private: false,
      }),
    };
    return repository;
  };
  const first = newRepository({ owner: options.owner ?? 'octo-org', repo: options.repo ?? 'widgets', installationId: 42, barePath: options.barePath, repoId: 1001 });
  const tokenOf = (r: RecordedRequest) => fake.tokens[Number(/ghs_fake(\d+)/.exec(String(r.headers.authorization))?.[1] ?? 0) - 1];
  const fake: FakeGitHub = Object.assign(first, {
    standIn,
    host: standIn.url.replace(/^http:\/\//, ''),
    apiUrl: `${standIn.url}${P}`,
    repositories: [] as FakeRepository[],
    addRepository(o: { owner: string; repo: string; installationId: number; barePath?: string }) {
      const added = newRepository({ ...o, barePath: o.barePath ?? options.barePath, repoId: 1001 + fake.repositories.length });
      fake.repositories.push(added);
      return added;
    },
    repository: (fullName: string) => fake.repositories.find((r) => `${r.owner}/${r.repo}` === fullName),
    otherInstallations: [] as number[],
    otherRepositories: [] as string[],
    roles: new Map<string, string>(),
    git: undefined as unknown as GitObjects,
    tokens: [] as Array<{ installationId: number; body: unknown }>,
    installationOf: (r: RecordedRequest) => tokenOf(r)?.installationId,
    tokenOf,
    close: () => standIn.close(),
  });
  fake.repositories.push(first);
  fake.git = serveGitObjects(standIn, P);
  const bodyOf = (r: RecordedRequest) => (r.body ?? {}) as Record<string, unknown>;
  const on = standIn.on.bind(standIn);
  const notFound: StandInReply = { status: 404, body: { message: 'Not Found' } };
  /** A route under /repos/{owner}/{repo} of a served repository; `tail` is a regex source, its groups are `g`. */
  const onRepo = (method: string, tail: string, handler: (r: RecordedRequest, g: string[], repository: FakeRepository) => StandInReply | undefined) =>
    on(method, new RegExp(`^${P}/repos/([^/]+)/([^/]+)${tail}$`), (r, m) => {
      const repository = fake.repository(`${m[1]}/${m[2]}`);
      return repository ? handler(r, m.slice(3) as string[], repository) : notFound;
    });

  on('POST', /^\/api\/v3\/app\/installations\/(\d+)\/access_tokens$/, (r, m) => {
    fake.tokens.push({ installationId: Number(m[1]), body: r.body });
    return { status: 201, body: { token: `ghs_fake${fake.tokens.length}`, expires_at: new Date(Date.now() + 3600_000).toISOString() } };
  });
  on('GET', `${P}/app`, { body: { id: 4242, slug: 'loki-test', name: 'Loki (test)' } });
  on('GET', `${P}/app/installations`, (r) => pageOf(r, [...new Set([...fake.otherInstallations, ...fake.repositories.map((repo) => repo.installationId)])].map((id) => ({ id }))));
  on('GET', `${P}/installation/repositories`, (r) => {
    const installationId = fake.installationOf(r);
    const others = installationId === first.installationId ? fake.otherRepositories.map((name, i) => ({ ...first.repositoryPayload(), id: 1_000 + i, name, full_name: `${first.owner}/${name}` })) : [];
    return pageOf(r, [...others, ...fake.repositories.filter((repo) => repo.installationId === installationId).map((repo) => repo.repositoryPayload())], 'repositories');
  });
  onRepo('GET', '/installation', (_r, _g, repository) => ({ body: { id: repository.installationId } }));
  on('GET', /^\/api\/v3\/repos\/[^/]+\/[^/]+\/collaborators\/([^/]+)\/permission$/, (_r, m) => {
    const role = fake.roles.get(decodeURIComponent(m[1] ?? ''));
    if (!role) return { status: 404, body: { message: 'Not Found' } };
    const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
    return { body: { permission, role_name: role, user: { login: m[1] } } };
  });
  on('GET', /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/, (_r, m) => {
    const path = decodeURIComponent(m[3] ?? '');
    const config = fake.repository(`${m[1]}/${m[2]}`)?.config;
    if (path === '.github/loki.yml' && config) {
      // Raw media type, as GitHub sends it for `format: raw`; JSON text is valid YAML.
      return { body: config, headers: { 'content-type': 'text/plain; charset=utf-8' } };
    }
    return { status: 404, body: { message: 'Not Found' } };
  });
  on('GET', /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/branches\/(.+)$/, (_r, m) => {
    const sha = revParse(fake.repository(`${m[1]}/${m[2]}`)?.barePath ?? first.barePath, `refs/heads/${decodeURIComponent(m[3] ?? '')}`);
    return sha ? { body: { name: m[3], commit: { sha } } } : { status: 404, body: { message: 'Branch not found' } };
  });
  on('GET', /^\/api\/v3\/repos\/[^/]+\/[^/]+\/git\/trees\/(.+)$/, { body: { tree: [{ path: 'package.json', type: 'blob', size: 100 }], truncated: false } });

  onRepo('GET', '/issues', (r, _g, repo) => {
    const label = r.query.get('labels');
    const list = [...repo.issues.values()].filter((i) => i.state === 'open' && (!label || i.labels.includes(label)));
    return pageOf(r, list.map(issueJson));
  });
  onRepo('GET', '/issues/(\\d+)', (_r, [n], repo) => {
    const issue = repo.issues.get(Number(n));
    return issue ? { body: issueJson(issue) } : notFound;
  });
  onRepo('PATCH', '/issues/(\\d+)', (r, [n], repo) => {
    const issue = repo.issues.get(Number(n));
    if (!issue) return notFound;
    if (bodyOf(r).state === 'closed') issue.state = 'closed';
    return { body: issueJson(issue) };
  });
  onRepo('POST', '/issues/(\\d+)/reactions', (r, [n], repo) => {
    repo.reactions.push({ issue_number: Number(n), content: String(bodyOf(r).content) });
    return { status: 201, body: { id: nextId++, content: bodyOf(r).content } };
  });
  onRepo('GET', '/issues/(\\d+)/comments', (r, [n], repo) => pageOf(r, repo.comments.filter((c) => c.issue_number === Number(n))));
  onRepo('POST', '/issues/(\\d+)/comments', (r, [n], repo) => {
    const comment: FakeComment = { id: nextId++, issue_number: Number(n), body: String(bodyOf(r).body), user: { login: 'loki[bot]', type: 'Bot' } };
    repo.comments.push(comment);
    return { status: 201, body: comment };
  });
  onRepo('PATCH', '/issues/comments/(\\d+)', (r, [id], repo) => {
    const comment = repo.comments.find((c) => c.id === Number(id));
    if (!comment) return notFound;
    comment.body = String(bodyOf(r).body);
    return { body: comment };
  });
  onRepo('GET', '/issues/comments/(\\d+)', (_r, [id], repo) => {
    const comment = repo.comments.find((c) => c.id === Number(id));
    return comment ? { body: comment } : notFound;
  });

  onRepo('POST', '/check-runs', (r, _g, repo) => {
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
    repo.checkRuns.push(run);
    return { status: 201, body: checkRunJson(run) };
  });
  onRepo('PATCH', '/check-runs/(\\d+)', (r, [id], repo) => {
    const run = repo.checkRuns.find((c) => c.id === Number(id));
    if (!run) return notFound;
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
  onRepo('GET', '/check-runs/(\\d+)', (_r, [id], repo) => {
    const run = repo.checkRuns.find((c) => c.id === Number(id));
    return run ? { body: checkRunJson(run) } : notFound;
  });
  onRepo('GET', '/commits/(.+)/check-runs', (r, [refText], repo) => {
    const refName = decodeURIComponent(refText ?? '');
    const sha = /^[0-9a-f]{40}$/.test(refName) ? refName : revParse(repo.barePath, `refs/heads/${refName}`);
    const name = r.query.get('check_name');
    const runs = repo.checkRuns.filter((c) => c.head_sha === sha && (!name || c.name === name));
    return pageOf(r, runs.map(checkRunJson), 'check_runs');
  });

  onRepo('GET', '/pulls', (r, _g, repo) => {
    const head = r.query.get('head');
    const list = repo.pulls.filter((p) => !head || head === `${repo.owner}:${p.head}` || head === p.head);
    return pageOf(r, list.map((p) => pullJson(repo, p)));
  });
  onRepo('POST', '/pulls', (r, _g, repo) => {
    const b = bodyOf(r);
    if (repo.pulls.some((p) => p.head === b.head)) return { status: 422, body: { message: 'Validation Failed', errors: [{ message: `A pull request already exists for ${repo.owner}:${String(b.head)}.` }] } };
    const pull: FakePull = { number: 500 + repo.pulls.length, title: String(b.title), body: String(b.body ?? ''), head: String(b.head), base: String(b.base) };
    repo.pulls.push(pull);
    return { status: 201, body: pullJson(repo, pull) };
  });
  onRepo('GET', '/pulls/(\\d+)', (_r, [n], repo) => {
    const pull = repo.pulls.find((p) => p.number === Number(n));
    return pull ? { body: pullJson(repo, pull) } : notFound;
  });
  onRepo('PATCH', '/pulls/(\\d+)', (r, [n], repo) => {
    const pull = repo.pulls.find((p) => p.number === Number(n));
    if (!pull) return notFound;
    const b = bodyOf(r);
    if (typeof b.body === 'string') pull.body = b.body;
    if (typeof b.title === 'string') pull.title = b.title;
    return { body: pullJson(repo, pull) };
  });
  onRepo('GET', '/pulls/(\\d+)/comments', (r, [n], repo) => pageOf(r, repo.reviewComments.filter((c) => c.pull_number === Number(n))));
  onRepo('POST', '/pulls/(\\d+)/comments/(\\d+)/replies', (r, [n, id], repo) => {
    const parent = repo.reviewComments.find((c) => c.id === Number(id) && c.pull_number === Number(n));
    if (!parent) return notFound;
    const reply = repo.addReviewComment({ pull_number: parent.pull_number, body: String(bodyOf(r).body), path: parent.path, line: parent.line, diff_hunk: parent.diff_hunk, in_reply_to_id: parent.in_reply_to_id ?? parent.id, user: { login: 'loki-test[bot]', type: 'Bot' } });
    return { status: 201, body: reply };
  });
  onRepo('GET', '/check-runs/(\\d+)/annotations', (r, [id], repo) => pageOf(r, repo.ci.get(Number(id))?.annotations ?? []));
  // An Actions job log is a redirect to the text, as on GitHub.
  onRepo('GET', '/actions/jobs/(\\d+)/logs', (_r, [id], repo) => (repo.ci.get(Number(id))?.log === undefined ? notFound : { status: 302, headers: { location: `${standIn.url}/job-logs/${repo.owner}/${repo.repo}/${id}.txt` } }));
  on('GET', /^\/job-logs\/([^/]+)\/([^/]+)\/(\d+)\.txt$/, (_r, m) => ({ raw: fake.repository(`${m[1]}/${m[2]}`)?.ci.get(Number(m[3]))?.log ?? '', headers: { 'content-type': 'text/plain; charset=utf-8' } }));
  onRepo('GET', '/commits/([0-9a-f]{40})/pulls', (_r, [sha], repo) => ({ body: repo.pulls.map((p) => pullJson(repo, p)).filter((p) => (p.head as { sha: string }).sha === sha) }));
  return fake;
}

function issueJson(issue: FakeIssue): Record<string, unknown> {
  return { number: issue.number, title: issue.title, body: issue.body, state: issue.state, labels: issue.labels.map((name) => ({ name })) };
}

function checkRunJson(run: FakeCheckRun): Record<string, unknown> {
  return { id: run.id, name: run.name, head_sha: run.head_sha, status: run.status, conclusion: run.conclusion, external_id: run.external_id, output: run.output, html_url: `http://github.local/runs/${run.id}`, app: { slug: run.app ?? 'loki-test' } };
}

function pullJson(fake: FakeRepository, pull: FakePull): Record<string, unknown> {
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
