import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runJob } from '../../runner/run-job.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
import { AGENTS, SPEC_TEXT, createBuildFixture, type BuildFixture } from './support/build-fixture.js';
import { loopbackOnly } from '../support/loopback-only.js';

const TOKEN = 'ghs_runnerTokenForTests0123456789';

loopbackOnly();

describe('runJob with GitHub output (a local stand-in for the API)', () => {
  let f: BuildFixture;
  let gh: GitHubStandIn;
  let workdir: string;
  beforeEach(async () => {
    f = createBuildFixture();
    gh = await startGitHubStandIn();
    workdir = mkdtempSync(join(tmpdir(), 'loki-work-'));
    gh.on('GET', '/repos/acme/calc/pulls', { body: [] });
    gh.on('POST', '/repos/acme/calc/pulls', { status: 201, body: { number: 31, html_url: 'http://github.test/acme/calc/pull/31' } });
    gh.on('PATCH', '/repos/acme/calc/check-runs/42', { body: { id: 42 } });
    gh.on('GET', '/repos/acme/calc/issues/7/comments', { body: [] });
    gh.on('POST', '/repos/acme/calc/issues/7/comments', { status: 201, body: { id: 500 } });
    gh.on('PATCH', '/repos/acme/calc/issues/comments/500', { body: { id: 500 } });
    gh.on('GET', '/repos/acme/calc/issues/7', { body: { title: 'Add multiply', body: SPEC_TEXT, labels: [] } });
  });
  afterEach(async () => {
    await gh.close();
    f.cleanup();
    rmSync(workdir, { recursive: true, force: true });
  });

  it('pushes, opens one PR with Closes #N and the evidence, completes the check run, keeps the status comment; a hostile agent reaches neither the token nor the workflows', async () => {
    f.unsandboxed(); // the agent reports outside its workspace
    const envDump = join(f.root, 'agent-env.json');
    const hookRan = join(f.root, 'hook-ran');
    // A hostile agent: it records its environment, plants a pre-push hook and redirects the remote.
    f.seed.commit('ci', { '.github/workflows/ci.yml': 'on: push\n' });
    f.seed.git('push', '-q', f.remote, 'main');
    const hostile = `import * as h from 'node:fs';
h.writeFileSync('.github/workflows/ci.yml', 'on: push\\npermissions: write-all\\n');
h.writeFileSync(${JSON.stringify(envDump)}, JSON.stringify(process.env));
h.writeFileSync('.git/hooks/pre-push', '#!/bin/sh\\nenv > ${hookRan}\\n', { mode: 0o755 });
h.appendFileSync('.git/config', '[url "file:///nonexistent/evil.git"]\\n\\tinsteadOf = ${f.remote}\\n');
`;
    const command = f.agent('hostile-solver', `${hostile}${AGENTS.solver}`);
    const job = f.job({ check_run_id: 42, repo: { owner: 'acme', name: 'calc', clone_url: f.remote, default_branch: 'main', api_url: gh.url } });
    const outcome = await runJob(job, { config: f.config({ provider: { command } }), token: () => TOKEN, workdir });

    expect(outcome.status, outcome.reason).toBe('done');
    expect(outcome.prNumber).toBe(31);
    expect(outcome.prUrl).toBe('http://github.test/acme/calc/pull/31');
    // Pushed to the real remote despite the planted insteadOf, and the planted hook never ran.
    expect(f.remoteHead('loki/issue-7')).toBe(outcome.headSha);
    expect(existsSync(hookRan)).toBe(false);
    // The workflow edit was reverted (a protected path) and the outcome says so.
    expect(f.remoteGit('show', 'loki/issue-7:.github/workflows/ci.yml')).toBe('on: push\n');
    expect(outcome.reason).toMatch(/Protected paths .* reverted: \.github\/workflows\/ci\.yml/);

    const pr = gh.find('POST', '/repos/acme/calc/pulls')[0]?.body as { head: string; base: string; body: string; title: string };
    expect(pr).toMatchObject({ head: 'loki/issue-7', base: 'main', title: 'Add multiply' });
    expect(pr.body).toContain('Closes #7');
    expect(pr.body).toContain('VERIFIED');
    expect(pr.body).toContain(outcome.headSha!.slice(0, 12));

    const completed = gh.find('PATCH', '/repos/acme/calc/check-runs/42').map((r) => r.body as { status?: string; conclusion?: string });
    expect(completed.at(-1)).toMatchObject({ status: 'completed', conclusion: 'success' });
    const comments = [...gh.find('POST', '/repos/acme/calc/issues/7/comments'), ...gh.find('PATCH', '/repos/acme/calc/issues/comments/500')];
    expect(gh.find('POST', '/repos/acme/calc/issues/7/comments')).toHaveLength(1);
    expect((comments.at(-1)?.body as { body: string }).body).toMatch(/Loki build: done[\s\S]*pull\/31/);
    expect(gh.requests.every((r) => r.headers.authorization === `token ${TOKEN}`)).toBe(true);

    // The token is nowhere the agent could see it: not in its environment, not in the checkout.
    const agentEnv = readFileSync(envDump, 'utf8');
    expect(agentEnv).not.toContain(TOKEN);
    expect(agentEnv).not.toContain(Buffer.from(`x-access-token:${TOKEN}`).toString('base64'));
    const grep = spawnSync('grep', ['-rl', TOKEN, join(workdir, 'repo')], { encoding: 'utf8' });
    expect(grep.status).toBe(1); // grep: no match anywhere (2 would be an error)
    expect(grep.stdout).toBe('');
  });

  it('a job that cannot even start still ends its check run, with the reason and the fix', async () => {
    const job = f.job({ check_run_id: 42, base_ref: 'no-such-branch', repo: { owner: 'acme', name: 'calc', clone_url: f.remote, default_branch: 'main', api_url: gh.url } });
    const outcome = await runJob(job, { config: f.config({ provider: { command: 'true' } }), token: () => TOKEN, workdir });
    expect(outcome.status).toBe('error');
    const last = gh.find('PATCH', '/repos/acme/calc/check-runs/42').at(-1)?.body as { status: string; conclusion: string; output: { summary: string } };
    expect(last).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(last.output.summary).toMatch(/no-such-branch[\s\S]*Fix/);
  });

  it('an agent that cannot run still ends the check run (no evidence, never left in progress)', async () => {
    const job = f.job({ check_run_id: 42, repo: { owner: 'acme', name: 'calc', clone_url: f.remote, default_branch: 'main', api_url: gh.url } });
    const outcome = await runJob(job, { config: f.config({ provider: { command: 'no-such-agent-binary-xyz' } }), token: () => TOKEN, workdir });
    expect(outcome.status).toBe('error');
    expect(gh.find('PATCH', '/repos/acme/calc/check-runs/42').at(-1)?.body).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  it('refuses to call a build done when the issue was edited while it ran, and asks for /loki build again', async () => {
    gh.on('GET', '/repos/acme/calc/issues/7', { body: { title: 'Add multiply', body: `${SPEC_TEXT}\n\n- [ ] Also add divide(a, b)`, labels: [] } });
    const job = f.job({ check_run_id: 42, repo: { owner: 'acme', name: 'calc', clone_url: f.remote, default_branch: 'main', api_url: gh.url } });
    const outcome = await runJob(job, { config: f.config({ provider: { command: f.agent('solver', AGENTS.solver) } }), token: () => TOKEN, workdir });
    expect(outcome.status).toBe('refused');
    expect(outcome.exitCode).toBe(2);
    expect(outcome.reason).toContain('changed while the build ran');
    expect(outcome.reason).toContain('/loki build');
    expect(gh.find('POST', '/repos/acme/calc/pulls')).toHaveLength(0);
    // The verified work is kept on the branch for the next run to resume from.
    expect(f.remoteHead('loki/issue-7')).toBe(outcome.headSha);
  });
});
