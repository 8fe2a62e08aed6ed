import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { createCodexProvider } from '../../../runner/providers/codex.js';
import type { AgentRequest } from '../../../runner/providers/provider.js';
import { createFakeBin, FIXTURES, type FakeBin } from './fake-bin.js';

let bin: FakeBin;
let workspace: string;
beforeEach(async () => {
  bin = await createFakeBin();
  workspace = await mkdtemp(join(tmpdir(), 'loki-codex-ws-'));
});
afterEach(async () => {
  await bin.cleanup();
  await rm(workspace, { recursive: true, force: true });
});

const env = () => ({ PATH: bin.path, GH_TOKEN: 'gho_x', OPENAI_API_KEY: 'sk-test' });
const request = (extra: Partial<AgentRequest> = {}): AgentRequest => ({ prompt: 'Add add().', cwd: workspace, timeoutMs: 20_000, ...extra });

describe('codex adapter', () => {
  it('runs `codex exec --json` with the prompt on stdin and reads the answer and token usage', async () => {
    await bin.add('codex', { stdoutFile: join(FIXTURES, 'codex-success.jsonl'), exitCode: 0 });
    const activity: string[] = [];
    const result = await createCodexProvider(defaultConfig(), env()).run(request({ model: 'gpt-5-codex', onActivity: (l) => activity.push(l) }));
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.text).toBe('Added `add(a, b)` to src/math.js and a test for it.');
    expect(result.costUsd).toBeUndefined();
    expect(result.usage).toEqual({ inputTokens: 315, cacheReadTokens: 24448, outputTokens: 122 });
    expect(activity).toContain("codex: $ bash -lc 'cat src/math.js'");
    const [call] = await bin.calls('codex');
    expect(call?.argv).toEqual(['exec', '--json', '--sandbox', 'workspace-write', '--skip-git-repo-check', '--model', 'gpt-5-codex', '-']);
    expect(call?.stdin).toBe('Add add().');
    expect(call?.env.GH_TOKEN).toBeUndefined();
    expect(call?.env.OPENAI_API_KEY).toBe('sk-test');
  });

  it('reports a 401 as unauthenticated with the login command', async () => {
    await bin.add('codex', { stdoutFile: join(FIXTURES, 'codex-unauthenticated.jsonl'), exitCode: 1 });
    const result = await createCodexProvider(defaultConfig(), env()).run(request());
    expect(result.failure?.kind).toBe('unauthenticated');
    expect(result.failure?.fix).toMatch(/codex login/);
  });

  it('reports a 429 as rate_limited even when codex exits 0 after a failed turn', async () => {
    await bin.add('codex', { stdoutFile: join(FIXTURES, 'codex-rate-limited.jsonl'), exitCode: 0 });
    const result = await createCodexProvider(defaultConfig(), env()).run(request());
    expect(result.ok).toBe(false);
    expect(result.failure?.kind).toBe('rate_limited');
  });

  it('does not call a run with no completed turn a success', async () => {
    await bin.add('codex', { stdout: '{"type":"thread.started","thread_id":"t"}\n', exitCode: 0 });
    const result = await createCodexProvider(defaultConfig(), env()).run(request());
    expect(result.ok).toBe(false);
    expect(result.failure?.kind).toBe('failed');
  });

  it('reports a missing CLI with the install command', async () => {
    const result = await createCodexProvider(defaultConfig(), env()).run(request());
    expect(result.failure?.kind).toBe('missing');
    expect(result.failure?.fix).toMatch(/npm install -g @openai\/codex/);
  });
});
