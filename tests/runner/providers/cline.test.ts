import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { CLINE_STDIN_TASK, createClineProvider } from '../../../runner/providers/cline.js';
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
const request = (extra: Partial<AgentRequest> = {}): AgentRequest => ({ prompt: 'Add add().', cwd: workspace, timeoutMs: 20_000, ...extra });

describe('cline adapter', () => {
  it('runs `cline -y TASK` (one argv element, no shell) and returns its text', async () => {
    await bin.add('cline', { stdoutFile: join(FIXTURES, 'cline-success.txt'), exitCode: 0 });
    const result = await createClineProvider(defaultConfig(), env()).run(request({ prompt: 'Add add(); $(rm -rf ~)' }));
    expect(result.ok).toBe(true);
    expect(result.text).toMatch(/^I added the `add` function/);
    const [call] = await bin.calls('cline');
    expect(call?.argv).toEqual(['-y', 'Add add(); $(rm -rf ~)']);
    expect(call?.env.LOKI_GITHUB_TOKEN).toBeUndefined();
  });

  it('moves a prompt too long for argv to stdin', async () => {
    await bin.add('cline', { stdout: 'ok', exitCode: 0 });
    const long = 'x'.repeat(200 * 1024);
    const result = await createClineProvider(defaultConfig(), env()).run(request({ prompt: long }));
    expect(result.failure).toBeUndefined();
    const [call] = await bin.calls('cline');
    expect(call?.argv).toEqual(['-y', CLINE_STDIN_TASK]);
    expect(call?.stdin.length).toBe(long.length);
  });

  it('reports "not authenticated" with `cline auth`', async () => {
    await bin.add('cline', { stderr: await readFile(join(FIXTURES, 'cline-unauthenticated.txt'), 'utf8'), exitCode: 1 });
    const result = await createClineProvider(defaultConfig(), env()).run(request());
    expect(result.failure?.kind).toBe('unauthenticated');
    expect(result.failure?.fix).toMatch(/cline auth/);
  });

  it('reports a missing CLI with the install command', async () => {
    const result = await createClineProvider(defaultConfig(), env()).run(request());
    expect(result.failure?.kind).toBe('missing');
    expect(result.failure?.fix).toMatch(/npm install -g cline/);
  });
});
