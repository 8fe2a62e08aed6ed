import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runJob } from '../../runner/run-job.js';
import { lockJobSpec } from '../../runner/grill/guard-spec-drift.js';
import type { AgentRequest, AgentResult } from '../../runner/providers/provider.js';
import { AGENTS, createBuildFixture, MULTIPLY_TEST, SPEC_TEXT, type BuildFixture } from './support/build-fixture.js';

const noToken = () => undefined;
const SOLVED_MATH = 'export function add(a, b) {\n  return a + b;\n}\n\nexport function multiply(a, b) {\n  return a * b;\n}\n';

/** An agent that only counts its calls (and changes nothing): resume must not need it. */
function countingAgent(): { calls: AgentRequest[]; run: (r: AgentRequest) => Promise<AgentResult> } {
  const calls: AgentRequest[] = [];
  return { calls, run: async (request) => { calls.push(request); return { ok: true, provider: 'command', text: 'nothing to do', durationMs: 1, exitCode: 0, costUsd: 0 }; } };
}

/** An earlier run left `loki/issue-7` on the remote with these files. */
function stalledBranch(f: BuildFixture, files: Record<string, string>): string {
  f.seed.git('checkout', '-q', '-b', 'loki/issue-7');
  const sha = f.seed.commit('loki: checkpoint 1 for #7', files);
  f.seed.git('push', '-q', f.remote, 'loki/issue-7');
  f.seed.git('checkout', '-q', 'main');
  return sha;
}

describe('resume is explicit and cheap', () => {
  let f: BuildFixture;
  beforeEach(() => {
    f = createBuildFixture();
  });
  afterEach(() => f.cleanup());

  it('a stalled branch that already verifies: done, with no agent call, and the run says first that it resumes', async () => {
    const stalled = stalledBranch(f, { 'src/math.js': SOLVED_MATH, 'test/multiply.test.js': MULTIPLY_TEST });
    const agent = countingAgent();
    const messages: string[] = [];
    const outcome = await runJob(f.job(), { config: f.config(), token: noToken, runAgent: agent.run, onProgress: (p) => messages.push(p.message) });

    expect(outcome.status, outcome.reason).toBe('done');
    expect(agent.calls).toHaveLength(0);
    expect(outcome.iterations).toBe(0);
    expect(outcome.costUsd).toBe(0);
    expect(outcome.reason).toMatch(/already verifies, so the agent was not called/);
    expect(messages[0]).toMatch(new RegExp(`^resuming the existing branch loki/issue-7 at ${stalled.slice(0, 12)}; it contains the latest main \\(to start over from main instead: loki build --restart\\)`));
    expect(outcome.evidence?.subject.head_sha).toBe(stalled);
    expect(f.remoteHead('loki/issue-7')).toBe(stalled);
  });

  it('a resumed branch that holds no change, and an agent that adds none: refused (exit 2), as on a fresh run', async () => {
    f.seed.git('checkout', '-q', '-b', 'loki/issue-7');
    f.seed.git('commit', '-q', '--allow-empty', '-m', 'loki: checkpoint 1 for #7');
    f.seed.git('push', '-q', f.remote, 'loki/issue-7');
    f.seed.git('checkout', '-q', 'main');
    const agent = countingAgent();
    const outcome = await runJob(f.job(), { config: f.config({ build: { stuck_after: 2 } }), token: noToken, runAgent: agent.run });

    expect(outcome.status, outcome.reason).toBe('refused');
    expect(outcome.exitCode).toBe(2);
    expect(outcome.reason).toMatch(/no change/);
    expect(agent.calls.length).toBeGreaterThan(0);
  });

  it('the base moved on: it is merged into the branch before the re-verify, and the run says so', async () => {
    stalledBranch(f, { 'src/math.js': SOLVED_MATH, 'test/multiply.test.js': MULTIPLY_TEST });
    const moved = f.seed.commit('docs on main', { 'docs/usage.md': '# usage\n' });
    f.seed.git('push', '-q', f.remote, 'main');
    const agent = countingAgent();
    const messages: string[] = [];
    const outcome = await runJob(f.job(), { config: f.config(), token: noToken, runAgent: agent.run, onProgress: (p) => messages.push(p.message) });

    expect(outcome.status, outcome.reason).toBe('done');
    expect(agent.calls).toHaveLength(0);
    expect(messages[0]).toMatch(/merged 1 new commit of main into it/);
    const head = f.remoteHead('loki/issue-7')!;
    f.remoteGit('merge-base', '--is-ancestor', moved, head); // throws when the base is not in the pushed branch
    expect(f.remoteGit('log', '-1', '--format=%s', head).trim()).toBe(`loki(#7): merge main (${moved.slice(0, 12)}) into the build branch`);
    expect(outcome.evidence?.subject.base_sha).toBe(moved);
  });

  it('the branch conflicts with the updated base: refused before any agent call, naming the files and both ways out', async () => {
    const stalled = stalledBranch(f, { 'src/math.js': SOLVED_MATH });
    f.seed.commit('main rewrites math', { 'src/math.js': 'export const add = (a, b) => a + b;\n' });
    f.seed.git('push', '-q', f.remote, 'main');
    const agent = countingAgent();
    const outcome = await runJob(f.job(), { config: f.config(), token: noToken, runAgent: agent.run });

    expect(outcome.status).toBe('refused');
    expect(outcome.exitCode).toBe(2);
    expect(agent.calls).toHaveLength(0);
    expect(outcome.reason).toMatch(/conflicts with the updated main in 1 file \(src\/math\.js\)/);
    expect(outcome.reason).toMatch(/loki build --restart/);
    expect(f.remoteHead('loki/issue-7')).toBe(stalled);
  });

  it('a resumed branch that does not verify: the agent is told what the re-verify found, in its first prompt', async () => {
    stalledBranch(f, { 'test/multiply.test.js': MULTIPLY_TEST });
    const prompts: string[] = [];
    const outcome = await runJob(f.job({ budgets: { max_iterations: 1 } }), {
      config: f.config(), token: noToken,
      runAgent: async (r) => { prompts.push(r.prompt); writeFileSync(`${r.cwd}/src/math.js`, SOLVED_MATH); return { ok: true, provider: 'command', text: 'done', durationMs: 1, exitCode: 0, costUsd: 0 }; },
    });
    expect(outcome.status, outcome.reason).toBe('done');
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toMatch(/The branch head, checked before this iteration:\nVerdict: BLOCKED[\s\S]*test\/multiply\.test\.js/);
  });

  it('restart: starts over from the base, and its first push replaces the old branch', async () => {
    const stalled = stalledBranch(f, { 'src/wrong.js': 'export const wrong = true;\n' });
    const messages: string[] = [];
    const outcome = await runJob(f.job({ restart: true }), { config: f.config({ provider: { command: f.agent('solver', AGENTS.solver) } }), token: noToken, onProgress: (p) => messages.push(p.message) });

    expect(outcome.status, outcome.reason).toBe('done');
    expect(messages[0]).toMatch(new RegExp(`^starting over from main \\(--restart\\): the old loki/issue-7 head ${stalled.slice(0, 12)} is set aside`));
    const head = f.remoteHead('loki/issue-7')!;
    expect(head).toBe(outcome.headSha);
    expect(() => f.remoteGit('merge-base', '--is-ancestor', stalled, head)).toThrow();
    expect(() => f.remoteGit('cat-file', '-e', `${head}:src/wrong.js`)).toThrow();
  });

  it('a committed lock the spec no longer matches: refused before the first agent call', async () => {
    const lock = lockJobSpec({ source: 'issue', ref: 'acme/calc#7', title: 'Add multiply', text: `${SPEC_TEXT}\n\n## Also\n\nAdd a divide function too.` });
    f.seed.commit('lock the spec', { '.github/loki-specs/issue-acme-calc-7.lock.json': `${JSON.stringify(lock, null, 2)}\n` });
    f.seed.git('push', '-q', f.remote, 'main');
    const agent = countingAgent();
    const outcome = await runJob(f.job(), { config: f.config(), token: noToken, runAgent: agent.run });

    expect(outcome.status).toBe('refused');
    expect(agent.calls).toHaveLength(0);
    expect(outcome.reason).toMatch(/the spec acme\/calc#7 no longer matches its committed lock .*issue-acme-calc-7\.lock\.json/);
    expect(outcome.reason).toMatch(/loki spec lock acme\/calc#7/);
  });

  it('a committed lock in sync with the spec: the build goes ahead', async () => {
    const lock = lockJobSpec({ source: 'issue', ref: 'acme/calc#7', title: 'Add multiply', text: SPEC_TEXT });
    f.seed.commit('lock the spec', { '.github/loki-specs/issue-acme-calc-7.lock.json': `${JSON.stringify(lock, null, 2)}\n` });
    f.seed.git('push', '-q', f.remote, 'main');
    const outcome = await runJob(f.job(), { config: f.config({ provider: { command: f.agent('solver', AGENTS.solver) } }), token: noToken });
    expect(outcome.status, outcome.reason).toBe('done');
  });
});
