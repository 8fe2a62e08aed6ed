import { BuildOutcomeJsonSchema } from '../../cli/outcome-json.js';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';
import { AGENTS, PROJECT } from '../runner/support/build-fixture.js';

const CONFIG = 'build:\n  reviewers: 0\nverify:\n  gates: [diff, build, tests, secrets, integrity]\n';

describe('loki build', () => {
  let repo: TempRepo;
  let scratch: string;
  beforeEach(() => {
    repo = createTempRepo({ ...PROJECT, '.github/loki.yml': CONFIG, 'specs/multiply.md': '# Multiply\n\nAdd multiply(a, b) to src/math.js with a test.\n' });
    scratch = mkdtempSync(join(tmpdir(), 'loki-build-cli-'));
  });
  afterEach(() => {
    repo.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  function agent(source: string): string {
    const path = join(scratch, 'agent.mjs');
    writeFileSync(path, source);
    return `node ${JSON.stringify(path)}`;
  }

  it('builds a spec file in a plain local repo with --no-push: exit 0, the work on a loki/ branch, evidence written', () => {
    const run = runCli(['build', 'specs/multiply.md', '--no-push', '--provider', 'command', '--max-iterations', '2', '--json'], {
      cwd: repo.dir,
      // The agent script lives in `scratch`: shown read-only to the sandbox, as an operator's wrapper would be.
      env: { LOKI_AGENT_COMMAND: agent(AGENTS.solver), LOKI_SANDBOX_READ_ONLY: `${scratch}:${process.env.LOKI_SANDBOX_READ_ONLY ?? ''}` },
    });
    expect(run.code, run.stderr).toBe(0);
    // One vocabulary: the outcome is snake_case like the evidence, and matches its published schema exactly.
    const outcome = BuildOutcomeJsonSchema.parse(JSON.parse(run.stdout));
    expect(outcome).toMatchObject({ status: 'done', exit_code: 0, branch: 'loki/specs-multiply', verdict: 'VERIFIED', pushed: false });
    expect(repo.git('rev-parse', 'loki/specs-multiply').trim()).toBe(outcome.head_sha);
    expect(repo.git('show', `${outcome.head_sha}:src/math.js`)).toMatch(/multiply/);
    expect(JSON.parse(readFileSync(outcome.evidence_path!, 'utf8')).subject.head_sha).toBe(outcome.head_sha);
    // The live view falls back to plain progress lines when stderr is not a terminal.
    expect(run.stderr).toMatch(/\[1\/2\] verify .*tests/);
    expect(run.stderr).toMatch(/loki build: done \(exit 0\)/);
    expect(existsSync(join(repo.dir, '.loki/build/report.md'))).toBe(true);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  describe('an existing branch: resume (the default) or --restart', () => {
    const env = () => ({ LOKI_AGENT_COMMAND: agent(AGENTS.solver), LOKI_SANDBOX_READ_ONLY: `${scratch}:${process.env.LOKI_SANDBOX_READ_ONLY ?? ''}` });
    /** An agent that records that it was called (a file outside the workspace: unsandboxed). */
    const recorder = (calls: string) => ({ LOKI_SANDBOX: 'none', LOKI_AGENT_COMMAND: agent(`import * as rec from 'node:fs';\nrec.appendFileSync(${JSON.stringify(calls)}, 'called\\n');\n${AGENTS.solver}`) });
    const build = (extra: string[], e: NodeJS.ProcessEnv) => runCli(['build', 'specs/multiply.md', '--no-push', '--provider', 'command', '--max-iterations', '2', ...extra], { cwd: repo.dir, env: e });

    it('a second run resumes, says so first, and finishes without calling the agent when the branch verifies', () => {
      expect(build([], env()).code).toBe(0);
      repo.git('checkout', '-q', 'main');
      const calls = join(scratch, 'calls.log');
      const run = build([], recorder(calls));
      expect(run.code, run.stderr).toBe(0);
      expect(existsSync(calls)).toBe(false);
      const first = run.stderr.split('\n').find((l) => l.trim() !== '') ?? '';
      expect(first).toMatch(/resuming the existing branch loki\/specs-multiply at [0-9a-f]{12}; it contains the latest main \(to start over from main instead: loki build --restart\)/);
      expect(run.stderr).toMatch(/already verifies, so the agent was not called/);
    });

    it('--restart starts over from the base and says where the old head is', () => {
      expect(build([], env()).code).toBe(0);
      const old = repo.git('rev-parse', 'loki/specs-multiply').trim();
      repo.git('checkout', '-q', 'main');
      const calls = join(scratch, 'calls.log');
      const run = build(['--restart'], recorder(calls));
      expect(run.code, run.stderr).toBe(0);
      expect(readFileSync(calls, 'utf8')).toBe('called\n');
      expect(run.stderr).toContain(`starting over from main (--restart): the old loki/specs-multiply head ${old.slice(0, 12)} is set aside`);
      const head = repo.git('rev-parse', 'loki/specs-multiply').trim();
      expect(head).not.toBe(old);
      expect(repo.git('rev-list', '--count', 'main..loki/specs-multiply').trim()).toBe('1');
    });

    it('a spec edited after its lock was committed: exit 2 before any agent call, naming the fix', () => {
      expect(runCli(['spec', 'lock', 'specs/multiply.md'], { cwd: repo.dir }).code).toBe(0);
      repo.commit('lock the spec');
      repo.commit('edit the spec', { 'specs/multiply.md': '# Multiply\n\nAdd multiply(a, b) to src/math.js with a test.\n\n## Divide\n\nAdd divide(a, b) too.\n' });
      const calls = join(scratch, 'calls.log');
      const run = build([], recorder(calls));
      expect(run.code, run.stderr).toBe(2);
      expect(existsSync(calls)).toBe(false);
      expect(run.stderr).toMatch(/no longer matches its committed lock specs\/multiply\.md\.lock\.json/);
      expect(run.stderr).toMatch(/Fix: .*loki spec lock specs\/multiply\.md/);
    });
  });

  it('stops within seconds with the fix when the provider CLI is not installed', () => {
    const started = Date.now();
    const run = runCli(['build', 'specs/multiply.md', '--no-push', '--provider', 'claude'], { cwd: repo.dir, env: { PATH: '/usr/bin:/bin' } });
    expect(run.code).toBe(3);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.stderr).toMatch(/claude/);
    expect(run.stderr).toMatch(/Fix: .*install/i);
  });

  it('stops at once when the provider is not logged in (a fake claude printing what the real one prints)', () => {
    const bin = join(scratch, 'bin');
    rmSync(bin, { recursive: true, force: true });
    const fake = join(scratch, 'claude');
    writeFileSync(fake, `#!/bin/sh
echo '{"type":"system","subtype":"init","session_id":"s"}'
echo '{"type":"assistant","message":{"content":[{"type":"text","text":"Not logged in"}]},"error":"authentication_failed"}'
echo '{"type":"result","subtype":"success","is_error":true,"result":"Not logged in · Please run /login","terminal_reason":"api_error","total_cost_usd":0,"num_turns":1,"duration_ms":12,"usage":{"input_tokens":0,"output_tokens":0}}'
exit 1
`);
    chmodSync(fake, 0o755);
    const started = Date.now();
    const run = runCli(['build', 'specs/multiply.md', '--no-push', '--provider', 'claude'], { cwd: repo.dir, env: { PATH: `${scratch}:/usr/bin:/bin` } });
    expect(run.code).toBe(3);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.stderr).toMatch(/loki build: error \(exit 3\) after 1 iteration/);
    expect(run.stderr).toMatch(/log/i);
  });

  it('refuses to start on a dirty tree, naming the fix', () => {
    writeFileSync(join(repo.dir, 'src/math.js'), 'edited\n');
    const run = runCli(['build', 'specs/multiply.md', '--no-push', '--provider', 'command'], { cwd: repo.dir, env: { LOKI_AGENT_COMMAND: 'true' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/uncommitted changes[\s\S]*commit or stash/);
  });

  it('exits 2 (refused) when the agent changes nothing', () => {
    const run = runCli(['build', 'specs/multiply.md', '--no-push', '--provider', 'command', '--max-iterations', '2'], { cwd: repo.dir, env: { LOKI_AGENT_COMMAND: agent(AGENTS.idle) } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refused/);
    // Nothing came of it: the developer is back on their branch, with no empty loki/ branch left.
    expect(repo.git('symbolic-ref', '--short', 'HEAD').trim()).toBe('main');
    expect(repo.git('branch', '--list', 'loki/*').trim()).toBe('');
  });

  it('usage errors name the problem and the fix', () => {
    const none = runCli(['build'], { cwd: repo.dir });
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/exactly one SPEC[\s\S]*Fix:/);
    const missing = runCli(['build', 'nope.md', '--no-push'], { cwd: repo.dir });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/cannot read the spec nope\.md: no such file[\s\S]*Fix:/);
    const badProvider = runCli(['build', 'specs/multiply.md', '--provider', 'gpt'], { cwd: repo.dir });
    expect(badProvider.stderr).toMatch(/unknown provider "gpt"/);
  });
});
