import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { createCodexProvider } from '../../../runner/providers/codex.js';
import type { AgentRequest } from '../../../runner/providers/provider.js';
import { createFakeBin, FIXTURES, isProcessGone, killLeftover, type FakeBin } from './fake-bin.js';

let bin: FakeBin;
let workspace: string;
beforeEach(async () => {
  bin = await createFakeBin();
  workspace = await mkdtemp(join(tmpdir(), 'loki-codex-ws-'));
});
afterEach(async () => {
  await killLeftover(join(bin.dir, 'grandchild.pid'));
  await bin.cleanup();
  await rm(workspace, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = { OPENAI_API_KEY: 'sk-test' }) => ({ PATH: bin.path, GH_TOKEN: 'gho_x', ...extra });
const request = (extra: Partial<AgentRequest> = {}): AgentRequest => ({ role: 'build', prompt: 'Add add().', cwd: workspace, timeoutMs: 20_000, ...extra });
const notLoggedIn = async () => ({ stderr: await readFile(join(FIXTURES, 'codex-login-status-not-logged-in.stderr'), 'utf8'), exitCode: 1 });

describe('codex adapter against recorded output of the real CLI', () => {
  it('runs `codex exec --json` with the prompt on stdin and reads the answer and token usage', async () => {
    await bin.add('codex', { stdoutFile: join(FIXTURES, 'codex-success.jsonl'), exitCode: 0 });
    const activity: string[] = [];
    const result = await createCodexProvider(defaultConfig(), env()).run(request({ model: 'gpt-5-codex', onActivity: (l) => activity.push(l) }));
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.text).toBe('Added `add(a, b)` to src/math.js and a test for it.');
    expect(result.costUsd).toBeUndefined();
    expect(result.usage).toEqual({ inputTokens: 200, cacheReadTokens: 1000, cacheWriteTokens: 0, outputTokens: 42 });
    expect(activity).toContain('codex: Added `add(a, b)` to src/math.js and a test for it.');
    const calls = await bin.calls('codex');
    // An API key is set: no `codex login status` call before the run.
    expect(calls).toHaveLength(1);
    expect(calls[0]?.argv).toEqual(['exec', '--json', '--sandbox', 'workspace-write', '--skip-git-repo-check', '--model', 'gpt-5-codex', '-']);
    expect(calls[0]?.stdin).toBe('Add add().');
    expect(calls[0]?.env.GH_TOKEN).toBeUndefined();
    expect(calls[0]?.env.OPENAI_API_KEY).toBe('sk-test');
  });

  it('stops at once when there is no key and `codex login status` says "Not logged in"', async () => {
    // codex itself would keep reconnecting until the time limit; the exec scenario hangs to prove it is never reached.
    await bin.add('codex', { hang: true, byArgs: { 'login status': await notLoggedIn() } });
    const started = Date.now();
    const result = await createCodexProvider(defaultConfig(), env({})).run(request({ timeoutMs: 30_000 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.failure?.kind).toBe('unauthenticated');
    expect(result.failure?.message).toContain('Not logged in');
    expect(result.failure?.message).not.toContain('WARNING');
    expect(result.failure?.fix).toMatch(/codex login/);
    expect((await bin.calls('codex')).map((c) => c.argv.join(' '))).toEqual(['login status']);
  });

  it('runs when `codex login status` finds a session', async () => {
    await bin.add('codex', { stdoutFile: join(FIXTURES, 'codex-success.jsonl'), exitCode: 0, byArgs: { 'login status': { stderr: 'Logged in using ChatGPT\n', exitCode: 0 } } });
    const result = await createCodexProvider(defaultConfig(), env({})).run(request());
    expect(result.ok).toBe(true);
    expect((await bin.calls('codex')).map((c) => c.argv[0])).toEqual(['login', 'exec']);
  });

  it('reports a rejected key (401) as unauthenticated', async () => {
    await bin.add('codex', { stdoutFile: join(FIXTURES, 'codex-unauthenticated.jsonl'), exitCode: 1 });
    const result = await createCodexProvider(defaultConfig(), env()).run(request());
    expect(result.failure?.kind).toBe('unauthenticated');
    expect(result.failure?.message).toContain('401 Unauthorized');
    expect(result.failure?.fix).toMatch(/codex login/);
  });

  it('reports 429 as rate_limited and 5xx ("high demand") as outage', async () => {
    await bin.add('codex', { stdoutFile: join(FIXTURES, 'codex-rate-limited.jsonl'), exitCode: 1 });
    expect((await createCodexProvider(defaultConfig(), env()).run(request())).failure?.kind).toBe('rate_limited');
    await bin.add('codex', { stdoutFile: join(FIXTURES, 'codex-outage.jsonl'), exitCode: 1 });
    expect((await createCodexProvider(defaultConfig(), env()).run(request())).failure?.kind).toBe('outage');
  });

  it('treats a failed turn as a failure even with exit code 0, and a run with no completed turn too', async () => {
    await bin.add('codex', { stdoutFile: join(FIXTURES, 'codex-rate-limited.jsonl'), exitCode: 0 });
    expect((await createCodexProvider(defaultConfig(), env()).run(request())).ok).toBe(false);
    await bin.add('codex', { stdout: '{"type":"thread.started","thread_id":"t"}\n', exitCode: 0 });
    const result = await createCodexProvider(defaultConfig(), env()).run(request());
    expect(result.ok).toBe(false);
    expect(result.failure?.kind).toBe('failed');
  });

  it('stops codex when it keeps "waiting for network" and reports an outage (recorded with no DNS)', async () => {
    await bin.add('codex', { stdoutFile: join(FIXTURES, 'codex-no-network.jsonl'), hang: true });
    const started = Date.now();
    const result = await createCodexProvider(defaultConfig(), env()).run(request({ timeoutMs: 30_000 }));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.failure?.kind).toBe('outage');
    expect(result.failure?.message).toMatch(/waiting for network/);
    const grandchild = Number(await readFile(join(bin.dir, 'grandchild.pid'), 'utf8'));
    await expect.poll(() => isProcessGone(grandchild), { timeout: 5_000 }).toBe(true);
  });

  it('reports a missing CLI with the install command', async () => {
    const result = await createCodexProvider(defaultConfig(), env({})).run(request());
    expect(result.failure?.kind).toBe('missing');
    expect(result.failure?.fix).toMatch(/npm install -g @openai\/codex/);
  });
});
