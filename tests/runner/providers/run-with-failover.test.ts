import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, PROVIDER_NAMES } from '../../../gates/config/schema.js';
import { isLokiError } from '../../../gates/core/errors.js';
import { createProvider } from '../../../runner/providers/create-provider.js';
import type { AgentRequest } from '../../../runner/providers/provider.js';
import { runWithFailover } from '../../../runner/providers/run-with-failover.js';
import { createFakeBin, FIXTURES, type FakeBin } from './fake-bin.js';

let bin: FakeBin;
let workspace: string;
let marker: string;
beforeEach(async () => {
  bin = await createFakeBin();
  workspace = await mkdtemp(join(tmpdir(), 'loki-failover-ws-'));
  marker = join(workspace, 'command-ran');
  const agent = join(bin.dir, 'agent.mjs');
  await writeFile(agent, `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'yes'); console.log('answer from command');`);
});
afterEach(async () => {
  await bin.cleanup();
  await rm(workspace, { recursive: true, force: true });
});

const env = () => ({ PATH: bin.path, OPENAI_API_KEY: 'sk-test', LOKI_AGENT_COMMAND: `"${process.execPath}" "${join(bin.dir, 'agent.mjs')}"` });
const request = (): AgentRequest => ({ role: 'build', prompt: 'Do it.', cwd: workspace, timeoutMs: 20_000 });

describe('runWithFailover', () => {
  it('moves to the next provider on a rate limit and lists the earlier attempt', async () => {
    await bin.add('claude', { stdoutFile: join(FIXTURES, 'claude-rate-limited.jsonl'), exitCode: 1 });
    const result = await runWithFailover(['claude', 'command'], defaultConfig(), request(), { env: env() });
    expect(result.ok).toBe(true);
    expect(result.provider).toBe('command');
    expect(result.text).toBe('answer from command');
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts?.[0]).toMatchObject({ provider: 'claude', failure: { kind: 'rate_limited' } });
  });

  it('moves on after an outage too', async () => {
    await bin.add('claude', { stdoutFile: join(FIXTURES, 'claude-outage.jsonl'), exitCode: 1 });
    await bin.add('codex', { stdoutFile: join(FIXTURES, 'codex-success.jsonl'), exitCode: 0 });
    const result = await runWithFailover(['claude', 'codex'], defaultConfig(), request(), { env: env() });
    expect(result.provider).toBe('codex');
    expect(result.ok).toBe(true);
  });

  it('does not hide a credentials problem behind another provider', async () => {
    await bin.add('claude', { stdoutFile: join(FIXTURES, 'claude-unauthenticated.jsonl'), exitCode: 1 });
    const result = await runWithFailover(['claude', 'command'], defaultConfig(), request(), { env: env() });
    expect(result.provider).toBe('claude');
    expect(result.failure?.kind).toBe('unauthenticated');
    expect(result.attempts).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
  });

  it('returns the last failure when every provider is rate-limited', async () => {
    await bin.add('claude', { stdoutFile: join(FIXTURES, 'claude-rate-limited.jsonl'), exitCode: 1 });
    await bin.add('codex', { stdoutFile: join(FIXTURES, 'codex-rate-limited.jsonl'), exitCode: 1 });
    const result = await runWithFailover(['claude', 'codex', 'claude'], defaultConfig(), request(), { env: env() });
    expect(result.provider).toBe('codex');
    expect(result.failure?.kind).toBe('rate_limited');
    expect(result.attempts?.map((a) => a.provider)).toEqual(['claude']);
    expect(await bin.calls('claude')).toHaveLength(1);
  });

  it('refuses an empty order with a fix', async () => {
    const error: unknown = await runWithFailover([], defaultConfig(), request()).catch((e: unknown) => e);
    expect(isLokiError(error) && error.fix).toMatch(/--provider/);
  });
});

describe('createProvider', () => {
  it('builds one adapter per provider name', () => {
    for (const name of PROVIDER_NAMES) expect(createProvider(name, defaultConfig()).name).toBe(name);
  });
});
