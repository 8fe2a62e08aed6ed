import { BuildOutcomeJsonSchema } from '../../cli/outcome-json.js';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../gates/core/package-root.js';
import { startGitHubStandIn } from '../support/github-stand-in.js';
import { runCli, runCliAsync } from '../support/run-cli.js';
import { AGENTS, createBuildFixture, type BuildFixture } from '../runner/support/build-fixture.js';
import { loopbackOnly } from '../support/loopback-only.js';

const TOKEN = 'ghs_runJobCliToken_abcdefghijklmnop';

loopbackOnly();


describe('loki run-job (the image entry point, as a plain process)', () => {
  let f: BuildFixture;
  let dir: string;
  beforeEach(() => {
    f = createBuildFixture();
    dir = mkdtempSync(join(tmpdir(), 'loki-run-job-'));
  });
  afterEach(() => {
    f.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a build job from its file: exit 0, the branch on the remote, a PR, the evidence in --out, no token for the agent', async () => {
    f.seed.commit('config', { '.github/loki.yml': 'build:\n  reviewers: 0\nverify:\n  gates: [diff, build, tests, secrets, integrity]\n' });
    f.seed.git('push', '-q', f.remote, 'main');
    const gh = await startGitHubStandIn();
    try {
      gh.on('GET', '/repos/acme/calc/pulls', { body: [] });
      gh.on('POST', '/repos/acme/calc/pulls', { status: 201, body: { number: 4, html_url: 'http://github.test/acme/calc/pull/4' } });
      gh.on('GET', '/repos/acme/calc/issues/9/comments', { body: [] });
      gh.on('POST', '/repos/acme/calc/issues/9/comments', { status: 201, body: { id: 1 } });
      gh.on('PATCH', '/repos/acme/calc/issues/comments/1', { body: { id: 1 } });
      gh.on('POST', '/repos/acme/calc/check-runs', { status: 201, body: { id: 2 } });
      gh.on('PATCH', '/repos/acme/calc/check-runs/2', { body: { id: 2 } });
      f.unsandboxed(); // the agent reports outside its workspace
      const envDump = join(dir, 'agent-env.json');
      const command = f.agent('solver', `import * as d from 'node:fs';\nd.writeFileSync(${JSON.stringify(envDump)}, JSON.stringify(process.env));\n${AGENTS.solver}`);
      const jobFile = join(dir, 'job.json');
      const tokenFile = join(dir, 'token');
      writeFileSync(jobFile, JSON.stringify({
        ...f.job(), issue_number: 9,
        repo: { owner: 'acme', name: 'calc', clone_url: f.remote, default_branch: 'main', api_url: gh.url },
        spec: { source: 'text', ref: 'multiply', title: 'Multiply', text: 'Add multiply with a test.' },
      }));
      writeFileSync(tokenFile, TOKEN);

      const out = join(dir, 'out');
      const run = await runCliAsync(['run-job', '--job', jobFile, '--out', out, '--json'], dir, { LOKI_AGENT_COMMAND: command, LOKI_GITHUB_TOKEN_FILE: tokenFile, LOKI_GITHUB_TOKEN: TOKEN });

      expect(run.code, run.stderr).toBe(0);
      const outcome = BuildOutcomeJsonSchema.parse(JSON.parse(run.stdout));
      expect(outcome).toMatchObject({ status: 'done', exit_code: 0, verdict: 'VERIFIED', pr_number: 4 });
      expect(f.remoteHead('loki/issue-9')).toBe(outcome.head_sha);
      expect((gh.find('POST', '/repos/acme/calc/pulls')[0]?.body as { body: string }).body).toContain('Closes #9');
      expect(gh.find('POST', '/repos/acme/calc/check-runs')[0]?.body).toMatchObject({ name: 'Loki Build', head_sha: outcome.head_sha });
      expect(existsSync(join(out, 'evidence.json'))).toBe(true);
      expect(existsSync(join(out, 'results.sarif'))).toBe(true);
      const agentEnv = readFileSync(envDump, 'utf8');
      expect(agentEnv).not.toContain(TOKEN);
      expect(agentEnv).not.toContain(tokenFile);
      expect(run.stdout + run.stderr).not.toContain(TOKEN);
    } finally {
      await gh.close();
    }
  });

  it('an invalid job file exits 3 naming the key and the fix', () => {
    const jobFile = join(dir, 'job.json');
    writeFileSync(jobFile, JSON.stringify({ job_id: 'x', kind: 'deploy', base_ref: 'main' }));
    const run = runCli(['run-job', '--job', jobFile], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/`kind`/);
    expect(run.stderr).toMatch(/Fix:/);
  });

  it('without --job: a usage error with the fix', () => {
    const run = runCli(['run-job'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/needs --job FILE[\s\S]*Fix:/);
  });

  it('on SIGTERM (a /loki stop, a cancelled run) stops the agent, completes the check run and exits', async () => {
    f.seed.commit('config', { '.github/loki.yml': 'build:\n  reviewers: 0\n' });
    f.seed.git('push', '-q', f.remote, 'main');
    const gh = await startGitHubStandIn();
    try {
      gh.on('GET', '/repos/acme/calc/issues/9/comments', { body: [] });
      gh.on('POST', '/repos/acme/calc/issues/9/comments', { status: 201, body: { id: 1 } });
      gh.on('PATCH', '/repos/acme/calc/issues/comments/1', { body: { id: 1 } });
      gh.on('PATCH', '/repos/acme/calc/check-runs/2', { body: { id: 2 } });
      f.unsandboxed(); // the agent reports its host pid outside its workspace
      const started = join(dir, 'agent-started');
      const agentPid = join(dir, 'agent-pid');
      const command = f.agent('sleeper', `import * as d from 'node:fs';\nd.writeFileSync(${JSON.stringify(agentPid)}, String(process.pid));\nd.writeFileSync(${JSON.stringify(started)}, '');\nsetInterval(() => {}, 1000);\n`);
      const jobFile = join(dir, 'job.json');
      writeFileSync(jobFile, JSON.stringify({ ...f.job(), issue_number: 9, check_run_id: 2, repo: { owner: 'acme', name: 'calc', clone_url: f.remote, default_branch: 'main', api_url: gh.url } }));
      const child = spawn(process.execPath, [join(packageRoot(), 'dist/cli/loki.js'), 'run-job', '--job', jobFile], {
        cwd: dir, env: { ...process.env, LOKI_AGENT_COMMAND: command, LOKI_GITHUB_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      const deadline = Date.now() + 60_000;
      while (!existsSync(started) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(existsSync(started), stderr).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
      expect(stderr).toContain('stopping');
      const last = gh.find('PATCH', '/repos/acme/calc/check-runs/2').at(-1)?.body;
      expect(last).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
      const pid = Number(readFileSync(agentPid, 'utf8'));
      let agentAlive = true;
      try {
        agentAlive = !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
      } catch {
        agentAlive = false;
      }
      expect(agentAlive).toBe(false);
    } finally {
      await gh.close();
    }
  });
});
