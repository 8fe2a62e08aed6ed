import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runJob } from '../../runner/run-job.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
import { AGENTS, createBuildFixture, type BuildFixture } from './support/build-fixture.js';
import { startGitHttpServer, type GitHttpServer } from './support/git-http-server.js';
import { loopbackOnly } from '../support/loopback-only.js';

const TOKEN = 'ghs_gitHttpToken_0123456789abcdef';

loopbackOnly();

describe('clone and push over HTTP with the runner token (a local git smart-HTTP server)', () => {
  let f: BuildFixture;
  let server: GitHttpServer;
  let gh: GitHubStandIn;
  beforeEach(async () => {
    f = createBuildFixture();
    server = await startGitHttpServer(f.root, TOKEN);
    gh = await startGitHubStandIn();
    gh.on('GET', '/repos/acme/calc/pulls', { body: [] });
    gh.on('POST', '/repos/acme/calc/pulls', { status: 201, body: { number: 1, html_url: 'http://github.test/acme/calc/pull/1' } });
    gh.on('POST', '/repos/acme/calc/check-runs', { status: 201, body: { id: 5 } });
    gh.on('PATCH', '/repos/acme/calc/check-runs/5', { body: { id: 5 } });
  });
  afterEach(async () => {
    await server.close();
    await gh.close();
    f.cleanup();
  });

  it('authenticates clone and push with the token through git\'s environment only', async () => {
    f.unsandboxed(); // the agent reports outside its workspace
    const envDump = join(f.root, 'agent-env.json');
    const command = f.agent('solver', `import * as e from 'node:fs';\ne.writeFileSync(${JSON.stringify(envDump)}, JSON.stringify(process.env));\n${AGENTS.solver}`);
    const job = f.job({ issue_number: undefined, spec: { source: 'text', ref: 'calc-multiply', title: 'Multiply', text: 'Add multiply with a test.' }, repo: { owner: 'acme', name: 'calc', clone_url: `${server.url}/remote.git`, default_branch: 'main', api_url: gh.url } });
    const outcome = await runJob(job, { config: f.config({ provider: { command } }), token: () => TOKEN });

    expect(outcome.status, outcome.reason).toBe('done');
    expect(outcome.pushed).toBe(true);
    expect(f.remoteHead('loki/calc-multiply')).toBe(outcome.headSha);
    expect(server.authorizations.every((a) => a === `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`)).toBe(true);
    expect(server.authorizations.length).toBeGreaterThan(2);
    const agentEnv = readFileSync(envDump, 'utf8');
    expect(agentEnv).not.toContain(TOKEN);
    expect(agentEnv).not.toContain(Buffer.from(`x-access-token:${TOKEN}`).toString('base64'));
  });

  it('a wrong token stops at the clone with the fix, and the message holds no token', async () => {
    const job = f.job({ repo: { owner: 'acme', name: 'calc', clone_url: `${server.url}/remote.git`, default_branch: 'main', api_url: gh.url } });
    const outcome = await runJob(job, { config: f.config({ provider: { command: 'true' } }), token: () => 'ghs_wrong_token_value' });
    expect(outcome.status).toBe('error');
    expect(outcome.reason).toMatch(/cannot clone[\s\S]*Fix: .*token/);
    expect(outcome.reason).not.toContain('ghs_wrong_token_value');
  });
});
