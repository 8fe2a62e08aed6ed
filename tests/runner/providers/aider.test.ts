import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { createAiderProvider } from '../../../runner/providers/aider.js';
import { parseAiderOutput } from '../../../runner/providers/parse-aider-output.js';
import type { AgentRequest } from '../../../runner/providers/provider.js';
import { createFakeBin, FIXTURES, isProcessGone, killLeftover, type FakeBin } from './fake-bin.js';

let bin: FakeBin;
let workspace: string;
beforeEach(async () => {
  bin = await createFakeBin();
  workspace = await mkdtemp(join(tmpdir(), 'loki-aider-ws-'));
});
afterEach(async () => {
  await killLeftover(join(bin.dir, 'grandchild.pid'));
  await bin.cleanup();
  await rm(workspace, { recursive: true, force: true });
});

const env = () => ({ PATH: bin.path, GITHUB_TOKEN: 'ghs_x', ANTHROPIC_API_KEY: 'sk-ant' });
const request = (extra: Partial<AgentRequest> = {}): AgentRequest => ({ role: 'build', prompt: 'Add add().', cwd: workspace, timeoutMs: 20_000, ...extra });

describe('aider adapter', () => {
  it('passes the prompt by --message-file (never argv) and reads the session cost and tokens', async () => {
    await bin.add('aider', { stdoutFile: join(FIXTURES, 'aider-success.txt'), exitCode: 0 });
    const config = defaultConfig();
    config.provider.model = 'sonnet';
    const result = await createAiderProvider(config, env()).run(request());
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.costUsd).toBe(0.036);
    expect(result.usage).toEqual({ inputTokens: 9200, cacheWriteTokens: 1100, cacheReadTokens: 2400, outputTokens: 510 });
    expect(result.text).toContain('Applied edit to src/math.js');
    expect(result.text).not.toContain('Tokens:');

    const [call] = await bin.calls('aider');
    const argv = call?.argv ?? [];
    expect(argv).not.toContain('Add add().');
    const promptFile = argv[argv.indexOf('--message-file') + 1] ?? '';
    expect(call?.argFiles[promptFile]).toBe('Add add().');
    expect(promptFile.startsWith(workspace)).toBe(false);
    expect(existsSync(promptFile)).toBe(false);
    expect(argv).toEqual(expect.arrayContaining(['--yes-always', '--no-auto-commits', '--model', 'sonnet']));
    expect(call?.env.GITHUB_TOKEN).toBeUndefined();
  });

  it('reports an authentication error that aider prints with exit code 0', async () => {
    await bin.add('aider', { stdoutFile: join(FIXTURES, 'aider-unauthenticated.txt'), exitCode: 0 });
    const result = await createAiderProvider(defaultConfig(), env()).run(request());
    expect(result.ok).toBe(false);
    expect(result.failure?.kind).toBe('unauthenticated');
    expect(result.failure?.fix).toMatch(/API key/);
  });

  it('stops aider at once when it has no key and would wait for a browser sign-in', async () => {
    await bin.add('aider', { stdoutFile: join(FIXTURES, 'aider-no-keys.txt'), hang: true });
    const started = Date.now();
    const result = await createAiderProvider(defaultConfig(), env()).run(request({ timeoutMs: 30_000 }));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.failure?.kind).toBe('unauthenticated');
    expect(result.failure?.message).toContain('no API keys were provided');
    const grandchild = Number(await readFile(join(bin.dir, 'grandchild.pid'), 'utf8'));
    await expect.poll(() => isProcessGone(grandchild), { timeout: 5_000 }).toBe(true);
  });

  it('reports rate limits as rate_limited', async () => {
    await bin.add('aider', { stdoutFile: join(FIXTURES, 'aider-rate-limited.txt'), exitCode: 1 });
    const result = await createAiderProvider(defaultConfig(), env()).run(request());
    expect(result.failure?.kind).toBe('rate_limited');
  });

  it('reports a missing CLI with the install command', async () => {
    const result = await createAiderProvider(defaultConfig(), env()).run(request());
    expect(result.failure?.kind).toBe('missing');
    expect(result.failure?.fix).toMatch(/pip install aider-install/);
  });
});

describe('parseAiderOutput', () => {
  it('reads token lines without a cost (unknown model pricing)', () => {
    const summary = parseAiderOutput('hello\nTokens: 1.3k sent, 59 received.\n');
    expect(summary.usage).toEqual({ inputTokens: 1300, outputTokens: 59 });
    expect(summary.costUsd).toBeUndefined();
    expect(summary.replies).toBe(1);
  });
});
