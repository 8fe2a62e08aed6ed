import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { CLINE_STDIN_TASK, createClineProvider } from '../../../runner/providers/cline.js';
import { parseClineJson } from '../../../runner/providers/parse-cline-json.js';
import type { AgentRequest } from '../../../runner/providers/provider.js';
import { createFakeBin, FIXTURES, type FakeBin } from './fake-bin.js';

let bin: FakeBin;
let workspace: string;
beforeEach(async () => {
  bin = await createFakeBin();
  workspace = await mkdtemp(join(tmpdir(), 'loki-cline-ws-'));
});
afterEach(async () => {
  await bin.cleanup();
  await rm(workspace, { recursive: true, force: true });
});

const env = () => ({ PATH: bin.path, LOKI_GITHUB_TOKEN: 'ghs_x' });
const request = (extra: Partial<AgentRequest> = {}): AgentRequest => ({ role: 'build', prompt: 'Add add().', cwd: workspace, timeoutMs: 20_000, ...extra });

describe('cline adapter against recorded output of the real CLI', () => {
  it('runs `cline -y --json TASK` (one argv element, no shell) and reads the run_result', async () => {
    await bin.add('cline', { stdoutFile: join(FIXTURES, 'cline-success.jsonl'), exitCode: 0 });
    const activity: string[] = [];
    const result = await createClineProvider(defaultConfig(), env()).run(request({ prompt: 'Add add(); $(rm -rf ~)', onActivity: (l) => activity.push(l) }));
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.text).toBe('Submission recorded (verified): I added the `add` function to src/math.js and a test; npm test passes.');
    expect(result.usage).toMatchObject({ inputTokens: 1200, outputTokens: 42 });
    // totalCost 0 with tokens spent: the price is unknown, so no cost is claimed.
    expect(result.costUsd).toBeUndefined();
    expect(activity).toEqual(expect.arrayContaining(['cline: submit_and_exit', 'cline finished (completed)']));
    const [call] = await bin.calls('cline');
    expect(call?.argv).toEqual(['-y', '--json', 'Add add(); $(rm -rf ~)']);
    expect(call?.env.LOKI_GITHUB_TOKEN).toBeUndefined();
  });

  it('moves a prompt too long for argv to stdin', async () => {
    await bin.add('cline', { stdoutFile: join(FIXTURES, 'cline-success.jsonl'), exitCode: 0 });
    const long = 'x'.repeat(200 * 1024);
    const result = await createClineProvider(defaultConfig(), env()).run(request({ prompt: long }));
    expect(result.failure).toBeUndefined();
    const [call] = await bin.calls('cline');
    expect(call?.argv).toEqual(['-y', '--json', CLINE_STDIN_TASK]);
    expect(call?.stdin.length).toBe(long.length);
  });

  it('reports a rejected key (errorClass "auth") as unauthenticated with `cline auth`', async () => {
    await bin.add('cline', { stdoutFile: join(FIXTURES, 'cline-unauthenticated.jsonl'), exitCode: 1 });
    const result = await createClineProvider(defaultConfig(), env()).run(request());
    expect(result.failure?.kind).toBe('unauthenticated');
    expect(result.failure?.message).toContain('Incorrect API key');
    expect(result.failure?.fix).toMatch(/cline auth/);
  });

  it('reports a rate limit as rate_limited', async () => {
    await bin.add('cline', { stdoutFile: join(FIXTURES, 'cline-rate-limited.jsonl'), exitCode: 1 });
    const result = await createClineProvider(defaultConfig(), env()).run(request());
    expect(result.failure?.kind).toBe('rate_limited');
  });

  it('does not call a run without a completed run_result a success, even with exit code 0', async () => {
    await bin.add('cline', { stdout: '{"type":"agent_event","event":{"type":"iteration_start","iteration":1}}\n', exitCode: 0 });
    const result = await createClineProvider(defaultConfig(), env()).run(request());
    expect(result.ok).toBe(false);
    expect(result.failure?.kind).toBe('failed');
  });

  it('reports a missing CLI with the install command', async () => {
    const result = await createClineProvider(defaultConfig(), env()).run(request());
    expect(result.failure?.kind).toBe('missing');
    expect(result.failure?.fix).toMatch(/npm install -g cline/);
  });
});

describe('parseClineJson', () => {
  it('keeps a reported cost when Cline knows the price', () => {
    const line = JSON.stringify({ type: 'run_result', finishReason: 'completed', text: 'done', usage: { inputTokens: 10, outputTokens: 5, totalCost: 0.012 } });
    expect(parseClineJson(line).result).toMatchObject({ costUsd: 0.012, text: 'done' });
  });
});
