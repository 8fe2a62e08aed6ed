import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runJob } from '../../runner/run-job.js';
import { ADD_MORE_TEST, AGENTS, createBuildFixture, MULTIPLY_TEST, type BuildFixture } from './support/build-fixture.js';

const noToken = () => undefined;

/** Running (a zombie waiting for a reaper counts as gone: it runs nothing). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

/** Agent code that records its prompt, prepended to a scripted agent (namespace import: no name clashes). */
function recordPrompt(log: string): string {
  return `import * as recorder from 'node:fs';\nrecorder.appendFileSync(${JSON.stringify(log)}, recorder.readFileSync(process.env.LOKI_PROMPT_FILE, 'utf8') + '\\n=====\\n');\n`;
}

describe('runJob: the build loop with scripted agents, a real repo and a bare remote', () => {
  let f: BuildFixture;
  beforeEach(() => {
    f = createBuildFixture();
  });
  afterEach(() => f.cleanup());

  it('an agent that solves the task: done, pushed, and the evidence is for the pushed head', async () => {
    const command = f.agent('solver', AGENTS.solver);
    const outcome = await runJob(f.job(), { config: f.config({ provider: { command } }), token: noToken });

    expect(outcome.status, outcome.reason).toBe('done');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.iterations).toBe(1);
    expect(outcome.costUsd).toBeCloseTo(0.25);
    expect(outcome.pushed).toBe(true);
    const pushed = f.remoteHead('loki/issue-7');
    expect(pushed).toBe(outcome.headSha);
    expect(outcome.evidence?.verdict).toBe('VERIFIED');
    expect(outcome.evidence?.subject.head_sha).toBe(pushed);
    expect(outcome.evidence?.gates.find((g) => g.id === 'tests')?.status).toBe('pass');
    // The tests really pass on what was pushed: a fresh clone of the branch, run by hand.
    const check = mkdtempSync(join(tmpdir(), 'loki-check-'));
    try {
      execFileSync('git', ['clone', '-q', '-b', 'loki/issue-7', f.remote, check]);
      const out = execFileSync(process.execPath, ['--test'], { cwd: check, encoding: 'utf8' });
      expect(out).toMatch(/# pass 2/);
      // Loki's scratch files (spec, progress notes) never reach a commit.
      expect(existsSync(join(check, '.loki'))).toBe(false);
    } finally {
      rmSync(check, { recursive: true, force: true });
    }
    expect(JSON.parse(readFileSync(outcome.evidencePath!, 'utf8')).subject.head_sha).toBe(pushed);
  });

  it('an agent that does nothing: refused, nothing pushed', async () => {
    const command = f.agent('idle', AGENTS.idle);
    const outcome = await runJob(f.job(), { config: f.config({ provider: { command }, build: { stuck_after: 2 } }), token: noToken });

    expect(outcome.status).toBe('refused');
    expect(outcome.exitCode).toBe(2);
    expect(outcome.reason).toMatch(/no change/);
    expect(outcome.iterations).toBe(2);
    expect(f.remoteHead('loki/issue-7')).toBeUndefined();
  });

  it('an agent that deletes one test and skips another: blocked by the integrity gate, both named', async () => {
    f.seed.commit('more tests', { 'test/add-more.test.js': ADD_MORE_TEST });
    f.seed.git('push', '-q', f.remote, 'main');
    const command = f.agent('weakener', AGENTS.weakensTests);
    const outcome = await runJob(f.job({ budgets: { max_iterations: 1 } }), { config: f.config({ provider: { command } }), token: noToken });

    expect(outcome.status, outcome.reason).toBe('blocked');
    expect(outcome.exitCode).toBe(2);
    expect(outcome.evidence?.verdict).toBe('BLOCKED');
    const integrity = (outcome.evidence?.findings ?? []).filter((x) => x.gate === 'integrity' && x.blocking);
    expect(integrity.map((x) => x.file)).toEqual(expect.arrayContaining(['test/add-more.test.js', 'test/add.test.js']));
    // Blocked work is still kept on the branch for a human to look at; it is not a PR.
    expect(f.remoteHead('loki/issue-7')).toBe(outcome.headSha);
    expect(outcome.prNumber).toBeUndefined();
  });

  it('an agent that plants a secret: blocked before any commit or push', async () => {
    const command = f.agent('leaker', AGENTS.plantsSecret);
    const outcome = await runJob(f.job(), { config: f.config({ provider: { command } }), token: noToken });

    expect(outcome.status).toBe('blocked');
    expect(outcome.exitCode).toBe(2);
    expect(outcome.reason).toMatch(/src\/client\.js:1/);
    expect(outcome.reason).not.toMatch(/ghp_[A-Za-z0-9]{36}/);
    expect(outcome.iterations).toBe(1);
    expect(f.remoteHead('loki/issue-7')).toBeUndefined();
    // No object anywhere in the remote holds it.
    expect(f.remoteGit('log', '--all', '-p')).not.toContain('ghp_');
  });

  it('an agent that fails first and fixes it in the second iteration: done, with the failure fed back and the first try saved remotely', async () => {
    f.unsandboxed(); // the agent reports outside its workspace
    const log = join(f.root, 'prompts.log');
    const seen = join(f.root, 'remote-seen-in-iteration-2');
    // In iteration 2 the agent looks at the remote: the unfinished first checkpoint is already there.
    const peek = `import * as peek from 'node:child_process';\nif (process.env.LOKI_ITERATION === '2') (await import('node:fs')).writeFileSync(${JSON.stringify(seen)}, peek.execFileSync('git', ['ls-remote', ${JSON.stringify(f.remote)}, 'refs/heads/loki/issue-7'], { encoding: 'utf8' }));\n`;
    const command = f.agent('fixer', `${recordPrompt(log)}${peek}${AGENTS.fixesSecondTime}`);
    const outcome = await runJob(f.job(), { config: f.config({ provider: { command } }), token: noToken, wipPushIntervalMs: 0 });

    expect(outcome.status, outcome.reason).toBe('done');
    expect(outcome.iterations).toBe(2);
    expect(f.remoteHead('loki/issue-7')).toBe(outcome.headSha);
    const prompts = readFileSync(log, 'utf8').split('\n=====\n');
    expect(prompts[0]).toMatch(/Nothing has been checked yet/);
    // The second prompt carries the first Verify's failure: the failing test, by name.
    expect(prompts[1]).toMatch(/Verdict: BLOCKED/);
    expect(prompts[1]).toMatch(/multiplies/);
    // Work in progress was saved remotely between iterations (a killed runner would resume from it).
    const firstCheckpoint = f.remoteGit('rev-parse', `${outcome.headSha}^`).trim();
    expect(readFileSync(seen, 'utf8')).toContain(firstCheckpoint);
    // Commits are named after the work, with trailers for the iteration and the evidence each one answered.
    expect(f.remoteGit('log', '-1', '--format=%s', outcome.headSha!).trim()).toBe('loki(#7): Add multiply');
    const trailers = (sha: string) => f.remoteGit('log', '-1', '--format=%(trailers:only,unfold)', sha).trim();
    expect(trailers(firstCheckpoint)).toBe('Loki-Iteration: 1\nLoki-Evidence: none');
    expect(trailers(outcome.headSha!)).toMatch(/^Loki-Iteration: 2\nLoki-Evidence: sha256:[0-9a-f]{64}$/);
  });

  it('an agent that hangs: killed with its process tree at the timeout, and reported', async () => {
    f.unsandboxed(); // the agent reports outside its workspace
    const pidFile = join(f.root, 'grandchild.pid');
    const command = `${f.agent('hanger', AGENTS.hangs)} ${JSON.stringify(pidFile)}`;
    const started = Date.now();
    const outcome = await runJob(f.job(), { config: f.config({ provider: { command, timeout_minutes: 0.03 } }), token: noToken });

    expect(Date.now() - started).toBeLessThan(30_000);
    expect(outcome.status).toBe('capped');
    expect(outcome.exitCode).toBe(1);
    expect(outcome.reason).toMatch(/killed at its time limit/);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(grandchild)).toBe(false);
    // What it wrote before hanging is checkpointed and pushed as work in progress.
    expect(outcome.pushed).toBe(true);
    expect(f.remoteGit('show', 'loki/issue-7:src/math.js')).toMatch(/multiply/);
  });

  it('resumes from the remote branch of an earlier run instead of starting over', async () => {
    const first = await runJob(f.job({ budgets: { max_iterations: 1 } }), { config: f.config({ provider: { command: f.agent('half', AGENTS.halfDone) } }), token: noToken });
    expect(first.status).not.toBe('done');
    const wip = f.remoteHead('loki/issue-7');
    expect(wip).toBe(first.headSha);

    f.unsandboxed(); // the agent reports outside its workspace
    const log = join(f.root, 'resume-prompt.log');
    const command = f.agent('finisher', `${recordPrompt(log)}${AGENTS.solver}`);
    const second = await runJob(f.job(), { config: f.config({ provider: { command } }), token: noToken });

    expect(second.status, second.reason).toBe('done');
    expect(readFileSync(log, 'utf8')).toContain(`resumes the branch loki/issue-7 from its last checkpoint ${wip!.slice(0, 12)}`);
    // The earlier checkpoint is part of the pushed history: continued, not restarted.
    f.remoteGit('merge-base', '--is-ancestor', wip!, second.headSha!);
    expect(second.evidence?.subject.base_sha).toBe(f.seed.git('rev-parse', 'HEAD').trim());
  });

  it('stops at the dollar cap, counting the cost the agent reports', async () => {
    const command = f.agent('pricey', `${AGENTS.halfDone}\nconsole.log('LOKI_COST_USD=0.25');\n`);
    const outcome = await runJob(f.job({ budgets: { max_iterations: 5, budget_usd: 0.3 } }), { config: f.config({ provider: { command } }), token: noToken });

    expect(outcome.status).toBe('capped');
    expect(outcome.exitCode).toBe(1);
    expect(outcome.iterations).toBe(2);
    expect(outcome.costUsd).toBeCloseTo(0.5);
    expect(outcome.reason).toMatch(/budget cap \(\$0\.30; spent \$0\.50\)/);
    // The last verdict travels with the stop, and the work in progress is on the remote for the next run.
    expect(outcome.reason).toMatch(/last verdict BLOCKED/);
    expect(f.remoteHead('loki/issue-7')).toBe(outcome.headSha);
  });

  it('blind review in the loop: a reviewer\'s high finding blocks, is fed back, and the fixed change passes', async () => {
    f.unsandboxed(); // the agent reports outside its workspace
    const log = join(f.root, 'review-prompts.log');
    // One script plays both parts, told apart by the role protocol: LOKI_ROLE and the prompt's first line.
    const command = f.agent('builder-and-reviewer', `import * as r from 'node:fs';
const prompt = r.readFileSync(0, 'utf8');
if (prompt.split('\\n')[0] !== 'LOKI_ROLE=' + process.env.LOKI_ROLE) process.exit(9);
if (process.env.LOKI_ROLE === 'review') {
  r.appendFileSync(${JSON.stringify(log)}, prompt + '\\n=====\\n');
  const documented = prompt.includes('/** Multiplies');
  console.log(JSON.stringify(documented
    ? { verdict: 'pass', summary: 'ok', findings: [] }
    : { verdict: 'fail', summary: 'undocumented', findings: [{ severity: 'high', file: 'src/math.js', message: 'multiply needs a doc comment starting with /** Multiplies' }] }));
  process.exit(0);
}
const notes = prompt.includes('needs a doc comment');
r.writeFileSync('src/math.js', 'export function add(a, b) {\\n  return a + b;\\n}\\n\\n' + (notes ? '/** Multiplies two numbers. */\\n' : '') + 'export function multiply(a, b) {\\n  return a * b;\\n}\\n');
r.writeFileSync('test/multiply.test.js', ${JSON.stringify(MULTIPLY_TEST)});
`);
    const outcome = await runJob(f.job(), { config: f.config({ provider: { command }, review: { command }, build: { reviewers: 1 } }), token: noToken });

    expect(outcome.status, outcome.reason).toBe('done');
    expect(outcome.iterations).toBe(2);
    expect(outcome.evidence?.gates.find((g) => g.id === 'review')?.status).toBe('pass');
    const reviews = readFileSync(log, 'utf8').split('\n=====\n').filter(Boolean);
    expect(reviews).toHaveLength(2);
    // The reviewer saw the spec and the diff, and nothing of the builder's notes or prompt.
    expect(reviews[0]).toContain('Add a `multiply(a, b)` function');
    expect(reviews[0]).toContain('+export function multiply');
    expect(reviews[0]).not.toContain('progress');
  });

  it('a command agent that only writes code: done, with review skipped and how to enable it (it is never sent a review prompt)', async () => {
    f.unsandboxed(); // the agent reports outside its workspace
    const roles = join(f.root, 'roles.log');
    const command = f.agent('coder', `import * as r from 'node:fs';\nr.appendFileSync(${JSON.stringify(roles)}, process.env.LOKI_ROLE + '\\n');\n${AGENTS.solver}`);
    const outcome = await runJob(f.job(), { config: f.config({ provider: { command }, build: { reviewers: 3 } }), token: noToken });

    expect(outcome.status, outcome.reason).toBe('done');
    expect(outcome.evidence?.verdict).toBe('VERIFIED');
    const review = outcome.evidence?.gates.find((g) => g.id === 'review');
    expect(review?.status).toBe('skipped');
    expect(review?.reason).toMatch(/review\.command/);
    expect(readFileSync(roles, 'utf8').trim().split('\n')).toEqual(['build']);
  });

  it('a configured reviewer whose answer is not valid JSON still keeps the change from done', async () => {
    const command = f.agent('coder', AGENTS.solver);
    const reviewer = f.agent('prose-reviewer', `console.log('Looks fine to me!');\n`);
    const outcome = await runJob(f.job({ budgets: { max_iterations: 1 } }), { config: f.config({ provider: { command }, review: { command: reviewer }, build: { reviewers: 1 } }), token: noToken });

    expect(outcome.status).not.toBe('done');
    expect(outcome.evidence?.gates.find((g) => g.id === 'review')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/no JSON object/) });
  });

  it('an agent that crashes every time: the stop says so, not just "no change"', async () => {
    const command = f.agent('crasher', `console.error('TypeError: cannot read properties of undefined'); process.exit(2);\n`);
    const outcome = await runJob(f.job(), { config: f.config({ provider: { command }, build: { stuck_after: 2 } }), token: noToken });
    expect(outcome.status).toBe('refused');
    expect(outcome.reason).toMatch(/the agent's last run failed: .*(exit|code) 2/);
  });

  it('a job without a spec is an error outcome with the fix, not a throw', async () => {
    const outcome = await runJob(f.job({ spec: undefined }), { config: f.config(), token: noToken });
    expect(outcome.status).toBe('error');
    expect(outcome.exitCode).toBe(3);
    expect(outcome.reason).toMatch(/needs a spec[\s\S]*Fix:/);
  });

  it('a missing agent command stops at once with the fix', async () => {
    const outcome = await runJob(f.job(), { config: f.config({ provider: { command: 'definitely-not-an-agent-xyz' } }), token: noToken });
    expect(outcome.status).toBe('error');
    expect(outcome.exitCode).toBe(3);
    expect(outcome.iterations).toBe(1);
    expect(outcome.reason).toMatch(/Fix:/);
    expect(f.remoteHead('loki/issue-7')).toBeUndefined();
  });
});

