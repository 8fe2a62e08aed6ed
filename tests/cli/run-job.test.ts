import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { AGENTS, createBuildFixture, type BuildFixture } from '../runner/support/build-fixture.js';

const TOKEN = 'ghs_runJobCliToken_abcdefghijklmnop';

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

  it('runs a build job from its file: exit 0, the branch on the remote, the evidence in --out, no token for the agent', () => {
    f.seed.commit('config', { '.github/loki.yml': 'build:\n  reviewers: 0\nverify:\n  gates: [diff, build, tests, secrets, integrity]\n' });
    f.seed.git('push', '-q', f.remote, 'main');
    const envDump = join(dir, 'agent-env.json');
    const command = f.agent('solver', `import * as d from 'node:fs';\nd.writeFileSync(${JSON.stringify(envDump)}, JSON.stringify(process.env));\n${AGENTS.solver}`);
    const jobFile = join(dir, 'job.json');
    const tokenFile = join(dir, 'token');
    writeFileSync(jobFile, JSON.stringify({ ...f.job(), repo: undefined, no_push: false, issue_number: 9, spec: { source: 'text', ref: 'multiply', title: 'Multiply', text: 'Add multiply with a test.' } }));
    // A repo-less job cannot clone; give it the bare remote as its repository.
    const job = JSON.parse(readFileSync(jobFile, 'utf8')) as Record<string, unknown>;
    job.repo = { owner: 'acme', name: 'calc', clone_url: f.remote, default_branch: 'main', api_url: 'http://127.0.0.1:9' };
    writeFileSync(jobFile, JSON.stringify(job));
    writeFileSync(tokenFile, TOKEN);

    const out = join(dir, 'out');
    const run = runCli(['run-job', '--job', jobFile, '--out', out, '--json'], { cwd: dir, env: { LOKI_AGENT_COMMAND: command, LOKI_GITHUB_TOKEN_FILE: tokenFile, LOKI_GITHUB_TOKEN: TOKEN } });

    expect(run.code, run.stderr).toBe(0);
    const outcome = JSON.parse(run.stdout) as { status: string; headSha: string; verdict: string };
    expect(outcome).toMatchObject({ status: 'done', verdict: 'VERIFIED' });
    expect(f.remoteHead('loki/issue-9')).toBe(outcome.headSha);
    expect(existsSync(join(out, 'evidence.json'))).toBe(true);
    expect(existsSync(join(out, 'results.sarif'))).toBe(true);
    const agentEnv = readFileSync(envDump, 'utf8');
    expect(agentEnv).not.toContain(TOKEN);
    expect(agentEnv).not.toContain(tokenFile);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
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
});
