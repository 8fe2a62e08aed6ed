import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listeningUrl } from '../support/app-process.js';
import { packageRoot } from '../../gates/core/package-root.js';
import { STATUS_MARKER } from '../../github/status-comment.js';
import { AGENTS, createBuildFixture, MULTIPLY_TEST, SPEC_TEXT, type BuildFixture } from '../runner/support/build-fixture.js';
import { startFakeGitHub, type FakeGitHub } from './support/fake-github.js';
import { appEnv, commentPayload, labeledPayload, SECRET, startHarness, type Harness } from './support/app-harness.js';
import { deliver, waitFor } from './support/webhooks.js';
import { loopbackOnly } from '../support/loopback-only.js';

/**
 * The whole product path with the real runner (`node dist/cli/loki.js run-job`), the `command`
 * provider with scripted agents, a real bare git remote and the GitHub stand-in.
 */
const CONFIG = { provider: { name: 'command' }, build: { reviewers: 0, max_iterations: 3 }, verify: { gates: ['diff', 'build', 'tests', 'secrets', 'integrity'] } };

/** The runner reads `.github/loki.yml` from the base commit; the App reads it through the API. Same content. */
function commitConfig(f: BuildFixture, config: object = CONFIG): void {
  f.seed.commit('loki config', { '.github/loki.yml': `${JSON.stringify(config)}\n` });
  f.seed.git('push', '-q', f.remote, 'main');
}

/** Sleeps on its first run (long enough to be interrupted), solves the task on later runs. */
function slowFirstAgent(marker: string): string {
  return `import * as once from 'node:fs';\nif (!once.existsSync(${JSON.stringify(marker)})) { once.writeFileSync(${JSON.stringify(marker)}, String(process.pid)); await new Promise((r) => setTimeout(r, 60_000)); }\n${AGENTS.solver}`;
}

let f: BuildFixture;
loopbackOnly();
beforeEach(() => {
  if (!existsSync(join(packageRoot(), 'dist/cli/loki.js'))) throw new Error('build the CLI first: node scripts/build.mjs --cli');
  f = createBuildFixture();
  commitConfig(f);
});
afterEach(() => {
  f.cleanup();
});

describe('label → verified PR, end to end', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('label → 👀, sticky comment, Loki Build check run, a pushed branch whose tests pass, a PR with Closes #N and the evidence', async () => {
    h = await startHarness({ barePath: f.remote, realRunner: true, extraEnv: { LOKI_AGENT_COMMAND: f.agent('solver', AGENTS.solver) } });
    h.gh.config = CONFIG;
    const ack = await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 7, title: 'Add multiply', body: SPEC_TEXT }) });
    expect(ack.status).toBe(200);

    const run = await waitFor('the Loki Build check run to complete', () => h.gh.checkRuns.find((r) => r.name === 'Loki Build' && r.status === 'completed'), 90_000);
    expect(run.conclusion, JSON.stringify(run.output).slice(0, 2000)).toBe('success');
    expect(h.gh.reactions).toEqual([{ issue_number: 7, content: 'eyes' }]);
    const stickies = h.gh.comments.filter((c) => c.issue_number === 7 && c.body.includes(STATUS_MARKER));
    expect(stickies).toHaveLength(1);

    const head = f.remoteHead('loki/issue-7');
    expect(head).toBeDefined();
    const check = mkdtempSync(join(tmpdir(), 'loki-e2e-check-'));
    try {
      execFileSync('git', ['clone', '-q', '-b', 'loki/issue-7', f.remote, check]);
      expect(execFileSync(process.execPath, ['--test'], { cwd: check, encoding: 'utf8' })).toMatch(/# pass 2/);
    } finally {
      rmSync(check, { recursive: true, force: true });
    }
    expect(h.gh.pulls).toHaveLength(1);
    expect(h.gh.pulls[0]).toMatchObject({ head: 'loki/issue-7', base: 'main' });
    expect(h.gh.pulls[0]?.body).toContain('Closes #7');
    expect(h.gh.pulls[0]?.body).toMatch(/VERIFIED/);
    // The installation token was scoped to the one repository and never written into a comment, PR or check run.
    const everything = JSON.stringify([h.gh.comments, h.gh.pulls, h.gh.checkRuns]);
    expect(everything).not.toMatch(/ghs_fake/);
  }, 120_000);

  it('a `command` agent that only writes code, with the default three reviewers and no review command: a PR whose review is "skipped", saying how to enable it', async () => {
    f.unsandboxed(); // the agent records its roles outside its workspace
    const config = { ...CONFIG, build: { max_iterations: 3 } }; // reviewers: the default (3)
    commitConfig(f, config);
    const roles = join(f.root, 'roles.log');
    const coder = f.agent('coder', `import * as r from 'node:fs';\nr.appendFileSync(${JSON.stringify(roles)}, process.env.LOKI_ROLE + '\\n');\n${AGENTS.solver}`);
    h = await startHarness({ barePath: f.remote, realRunner: true, extraEnv: { LOKI_AGENT_COMMAND: coder } });
    h.gh.config = config;
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 7, title: 'Add multiply', body: SPEC_TEXT }) });

    const run = await waitFor('the Loki Build check run to complete', () => h.gh.checkRuns.find((r) => r.name === 'Loki Build' && r.status === 'completed'), 90_000);
    expect(run.conclusion, JSON.stringify(run.output).slice(0, 2000)).toBe('success');
    const summary = String((run.output as { summary?: string } | undefined)?.summary ?? '');
    expect(summary).toMatch(/\| `review` \| ⏭️ skipped \| review skipped: the agent is a `command` agent and no review command is configured\. To enable review, set `review\.command`/);
    expect(h.gh.pulls).toHaveLength(1);
    const body = h.gh.pulls[0]?.body ?? '';
    expect(body).toContain('Closes #7');
    expect(body).toMatch(/Verdict \*\*VERIFIED\*\*/);
    expect(body).toMatch(/\*\*Review: skipped\*\* — .*To enable review, set `review\.command`/);
    // The build agent was never sent a review prompt.
    expect(readFileSync(roles, 'utf8').trim().split('\n')).toEqual(['build']);
  }, 120_000);

  it('a stalled branch, labelled again: the branch is re-verified and the PR opened without calling the agent', async () => {
    f.unsandboxed(); // the agent records its calls outside its workspace
    // An earlier run left loki/issue-7 with the work done (it stalled before opening the PR); main moved on since.
    f.seed.git('checkout', '-q', '-b', 'loki/issue-7');
    f.seed.commit('loki(#7): checkpoint', {
      'src/math.js': 'export function add(a, b) {\n  return a + b;\n}\n\nexport function multiply(a, b) {\n  return a * b;\n}\n',
      'test/multiply.test.js': MULTIPLY_TEST,
    });
    f.seed.git('push', '-q', f.remote, 'loki/issue-7');
    f.seed.git('checkout', '-q', 'main');
    const moved = f.seed.commit('docs', { 'docs/usage.md': '# usage\n' });
    f.seed.git('push', '-q', f.remote, 'main');
    const calls = join(f.root, 'agent-calls.log');
    const agent = f.agent('recorder', `import * as rec from 'node:fs';\nrec.appendFileSync(${JSON.stringify(calls)}, (process.env.LOKI_ROLE ?? '?') + '\\n');\n${AGENTS.solver}`);
    h = await startHarness({ barePath: f.remote, realRunner: true, extraEnv: { LOKI_AGENT_COMMAND: agent } });
    h.gh.config = CONFIG;
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 7, title: 'Add multiply', body: SPEC_TEXT }) });

    const run = await waitFor('the Loki Build check run to complete', () => h.gh.checkRuns.find((r) => r.name === 'Loki Build' && r.status === 'completed'), 90_000);
    expect(run.conclusion, JSON.stringify(run.output).slice(0, 2000)).toBe('success');
    expect(existsSync(calls) ? readFileSync(calls, 'utf8') : '').toBe('');
    expect(String((run.output as { summary?: string } | undefined)?.summary)).toMatch(/already verifies, so the agent was not called/);
    expect(h.gh.pulls).toHaveLength(1);
    expect(h.gh.pulls[0]?.body).toContain('Closes #7');
    // The updated base was merged into the branch that the PR proposes.
    f.remoteGit('merge-base', '--is-ancestor', moved, f.remoteHead('loki/issue-7')!);
    // The check run said first that this run resumes.
    const said = run.updates.map((u) => JSON.stringify(u)).find((u) => /prepare|resuming|re-verifying/.test(u)) ?? '';
    expect(said).toMatch(/resuming the existing branch loki\/issue-7 at [0-9a-f]{12}; merged 1 new commit of main into it/);
  }, 120_000);

  it('`/loki stop` cancels a running build: the runner is stopped and the check run says cancelled', async () => {
    f.unsandboxed(); // the agent reports outside its workspace
    const marker = join(f.root, 'agent-started');
    h = await startHarness({ barePath: f.remote, realRunner: true, extraEnv: { LOKI_AGENT_COMMAND: f.agent('slow', slowFirstAgent(marker)) } });
    h.gh.config = CONFIG;
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 7, title: 'Add multiply', body: SPEC_TEXT }) });
    await waitFor('the agent to start', () => existsSync(marker), 60_000);
    await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 7, body: '/loki stop' }) });
    const run = await waitFor('the check run to be cancelled', () => h.gh.checkRuns.find((r) => r.name === 'Loki Build' && r.status === 'completed'), 30_000);
    expect(run.conclusion).toBe('cancelled');
    expect(f.remoteHead('loki/issue-7')).toBeUndefined();
    expect(h.gh.pulls).toHaveLength(0);
  }, 120_000);

  it('`/loki stop` cancels a build queued behind another: its check run ends cancelled at once, it never runs, no PR', async () => {
    f.unsandboxed(); // the agent reports outside its workspace
    const marker = join(f.root, 'agent-started');
    h = await startHarness({ barePath: f.remote, realRunner: true, extraEnv: { LOKI_CONCURRENCY: '1', LOKI_AGENT_COMMAND: f.agent('slow', slowFirstAgent(marker)) } });
    h.gh.config = CONFIG;
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 7, title: 'Add multiply', body: SPEC_TEXT }) });
    await waitFor('the first build\'s agent to start', () => existsSync(marker), 60_000);
    await deliver(h.server.url, SECRET, { event: 'issues', payload: labeledPayload(h, { number: 8, title: 'Add multiply too', body: SPEC_TEXT }) });
    const queued = await waitFor('the second build to be accepted', () => h.gh.checkRuns.find((r) => r.name === 'Loki Build' && r.external_id?.includes('-8-')), 20_000);
    // Accepted and waiting in the dispatcher's queue: its status comment (the last step before the dispatch) is out.
    const status = await waitFor('the second build\'s status comment', () => h.gh.comments.find((c) => c.issue_number === 8 && c.body.includes(STATUS_MARKER)), 20_000);
    expect(queued.status).toBe('queued');
    // It says where it stands: the one slot is #7's, and nothing else waits before it.
    expect(status.body).toContain('Status: **queued, next in line (1 of 1 runner slot busy)**');
    await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 8, body: '/loki stop' }) });
    await waitFor('the queued check run to be cancelled', () => queued.status === 'completed', 10_000);
    expect(queued.conclusion).toBe('cancelled');
    const answer = await waitFor('the answer to /loki stop', () => h.gh.comments.find((c) => c.issue_number === 8 && /Cancelled/.test(c.body) && !c.body.includes(STATUS_MARKER)), 10_000);
    expect(answer.body).not.toMatch(/Nothing is running/);
    // The running build is unaffected; the cancelled one never starts, even once a slot frees up.
    expect(h.gh.checkRuns.find((r) => r.external_id?.includes('-7-'))?.status).toBe('in_progress');
    await deliver(h.server.url, SECRET, { event: 'issue_comment', payload: commentPayload(h, { number: 7, body: '/loki stop' }) });
    await waitFor('the first build to be cancelled', () => h.gh.checkRuns.find((r) => r.external_id?.includes('-7-'))?.status === 'completed', 30_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(f.remoteHead('loki/issue-8')).toBeUndefined();
    expect(h.gh.pulls).toHaveLength(0);
    expect(queued.updates.filter((u) => typeof u.conclusion === 'string')).toHaveLength(1);
  }, 120_000);
});

describe('the App killed mid-build and restarted', () => {
  let gh: FakeGitHub;
  let app: ChildProcess | undefined;
  let stateDir: string;
  beforeEach(async () => {
    gh = await startFakeGitHub({ barePath: f.remote });
    gh.roles.set('writer', 'write');
    gh.config = CONFIG;
    stateDir = mkdtempSync(join(tmpdir(), 'loki-e2e-state-'));
  });
  afterEach(async () => {
    app?.kill('SIGKILL');
    await gh.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function startApp(env: NodeJS.ProcessEnv): Promise<string> {
    // LOG_LEVEL info: the "listening on" line is a log line.
    const child = spawn(process.execPath, [join(packageRoot(), 'dist/cli/loki.js'), 'app'], { env: { ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    app = child;
    return listeningUrl(child);
  }

  it('with main moved meanwhile, ends with exactly one PR and one final check conclusion', async () => {
    f.unsandboxed(); // the agent reports outside its workspace, and its host pid
    const marker = join(f.root, 'agent-started');
    const env = appEnv(gh, { LOKI_STATE_DIR: stateDir, LOKI_AGENT_COMMAND: f.agent('slow', slowFirstAgent(marker)) });
    const url = await startApp(env);
    const payload = labeledPayload({ gh } as Harness, { number: 7, title: 'Add multiply', body: SPEC_TEXT });
    expect((await deliver(url, SECRET, { event: 'issues', payload })).status).toBe(200);
    await waitFor('the agent to start', () => existsSync(marker), 60_000);
    const firstAgent = Number(execFileSync('cat', [marker], { encoding: 'utf8' }));

    app?.kill('SIGKILL');
    await new Promise((r) => app?.once('exit', r));
    // Main moves while the App is down: the build's check run is on the old head, not the new one.
    const acceptedOn = f.remoteHead('main');
    f.seed.git('checkout', '-q', 'main');
    f.seed.commit('docs: usage', { 'docs/usage.md': '# usage\n' });
    f.seed.git('push', '-q', f.remote, 'main');
    expect(f.remoteHead('main')).not.toBe(acceptedOn);
    // The runner it started is still going: the next instance must stop it, not race it.
    await startApp(env);
    const run = await waitFor('the resumed build to complete its check run', () => gh.checkRuns.find((r) => r.name === 'Loki Build' && r.status === 'completed'), 120_000);
    expect(run.conclusion, JSON.stringify(run.output).slice(0, 2000)).toBe('success');
    expect(() => process.kill(firstAgent, 0)).toThrow();
    expect(gh.checkRuns.filter((r) => r.name === 'Loki Build')).toHaveLength(1);
    expect(run.head_sha).toBe(acceptedOn);
    expect(run.updates.filter((u) => typeof u.conclusion === 'string')).toHaveLength(1);
    expect(gh.pulls).toHaveLength(1);
    expect(gh.pulls[0]?.body).toContain('Closes #7');
    // Let a late duplicate show itself if there were one.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(gh.pulls).toHaveLength(1);
    expect(run.updates.filter((u) => typeof u.conclusion === 'string')).toHaveLength(1);
  }, 180_000);
});
