import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { claudeArgs, createClaudeProvider } from '../../../runner/providers/claude.js';
import { parseClaudeStream } from '../../../runner/providers/parse-claude-stream.js';
import type { AgentRequest } from '../../../runner/providers/provider.js';
import { createFakeBin, FIXTURES, isProcessGone, killLeftover, type FakeBin } from './fake-bin.js';

let bin: FakeBin;
let workspace: string;

beforeEach(async () => {
  bin = await createFakeBin();
  workspace = await mkdtemp(join(tmpdir(), 'loki-claude-ws-'));
});
afterEach(async () => {
  await killLeftover(join(bin.dir, 'grandchild.pid'));
  await bin.cleanup();
  await rm(workspace, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: bin.path, HOME: workspace, GITHUB_TOKEN: 'ghs_parent_token', LOKI_GITHUB_TOKEN: 'ghs_runner', ANTHROPIC_API_KEY: 'sk-ant-test', ...extra };
}

function request(extra: Partial<AgentRequest> = {}): AgentRequest {
  return { role: 'build', prompt: 'Add an add() function.\n$(touch pwned) `id`', cwd: workspace, timeoutMs: 20_000, ...extra };
}

describe('claude adapter against recorded output of the real CLI', () => {
  it('parses a successful stream-json run: answer, cost and usage; prompt on stdin, not argv', async () => {
    await bin.add('claude', { stdoutFile: join(FIXTURES, 'claude-success.jsonl'), exitCode: 0 });
    const config = defaultConfig();
    config.provider.model = 'claude-sonnet-4-5';
    const activity: string[] = [];
    const result = await createClaudeProvider(config, env()).run(request({ maxBudgetUsd: 2.5, onActivity: (l) => activity.push(l) }));

    expect(result.ok).toBe(true);
    expect(result.failure).toBeUndefined();
    expect(result.text).toContain('Added the `add` function');
    expect(result.costUsd).toBeCloseTo(0.00423, 5);
    expect(result.usage).toMatchObject({ inputTokens: 1200, outputTokens: 42 });
    expect(activity.some((l) => l.startsWith('claude started'))).toBe(true);

    const [call] = await bin.calls('claude');
    expect(call?.argv).toEqual(['-p', '--output-format', 'stream-json', '--verbose', '--dangerously-skip-permissions', '--model', 'claude-sonnet-4-5', '--max-budget-usd', '2.5']);
    expect(call?.stdin).toBe(request().prompt);
    expect(call?.cwd).toBe(workspace);
    expect(call?.env.GITHUB_TOKEN).toBeUndefined();
    expect(call?.env.LOKI_GITHUB_TOKEN).toBeUndefined();
    expect(call?.env.ANTHROPIC_API_KEY).toBe('sk-ant-test');
  });

  it('reports "not authenticated" at once, with the fix, from the real no-credentials transcript', async () => {
    await bin.add('claude', { stdoutFile: join(FIXTURES, 'claude-unauthenticated.jsonl'), exitCode: 1 });
    const started = Date.now();
    const result = await createClaudeProvider(defaultConfig(), env()).run(request());
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.ok).toBe(false);
    expect(result.failure?.kind).toBe('unauthenticated');
    expect(result.failure?.message).toContain('Not logged in');
    expect(result.failure?.fix).toMatch(/claude login/);
    expect(result.failure?.fix).toMatch(/ANTHROPIC_API_KEY/);
    expect(result.costUsd).toBe(0);
  });

  it('classifies a 429 as rate_limited and a 500 as outage', async () => {
    await bin.add('claude', { stdoutFile: join(FIXTURES, 'claude-rate-limited.jsonl'), exitCode: 1 });
    const limited = await createClaudeProvider(defaultConfig(), env()).run(request());
    expect(limited.failure?.kind).toBe('rate_limited');

    await bin.add('claude', { stdoutFile: join(FIXTURES, 'claude-outage.jsonl'), exitCode: 1 });
    const down = await createClaudeProvider(defaultConfig(), env()).run(request());
    expect(down.failure?.kind).toBe('outage');
    expect(down.failure?.message).toContain('500');
  });

  it('names the fix when claude refuses to run as root', async () => {
    const stderr = await readFile(join(FIXTURES, 'claude-root-refused.stderr'), 'utf8');
    await bin.add('claude', { stderr, exitCode: 1 });
    const result = await createClaudeProvider(defaultConfig(), env()).run(request());
    expect(result.ok).toBe(false);
    // Not a plain failure: the loop must stop at once, as for missing credentials.
    expect(result.failure?.kind).toBe('unauthenticated');
    expect(result.failure?.message).toContain('root');
    expect(result.failure?.fix).toMatch(/non-root/);
    expect(result.failure?.fix).toMatch(/IS_SANDBOX=1/);
  });

  it('reports a missing CLI with the install command', async () => {
    const result = await createClaudeProvider(defaultConfig(), env()).run(request());
    expect(result.ok).toBe(false);
    expect(result.failure?.kind).toBe('missing');
    expect(result.failure?.fix).toBe('install Claude Code: npm install -g @anthropic-ai/claude-code');
  });

  it('does not call a run without a result message a success', async () => {
    await bin.add('claude', { stdout: '{"type":"system","subtype":"init","model":"m"}\n', exitCode: 0 });
    const result = await createClaudeProvider(defaultConfig(), env()).run(request());
    expect(result.ok).toBe(false);
    expect(result.failure?.kind).toBe('failed');
    expect(result.failure?.message).toMatch(/without a result/);
  });

  it('kills the whole process tree at the timeout', async () => {
    await bin.add('claude', { hang: true });
    const result = await createClaudeProvider(defaultConfig(), env()).run(request({ timeoutMs: 1_500 }));
    expect(result.failure?.kind).toBe('timeout');
    expect(result.failure?.fix).toMatch(/timeout_minutes/);
    const grandchild = Number(await readFile(join(bin.dir, 'grandchild.pid'), 'utf8'));
    expect(grandchild).toBeGreaterThan(0);
    await expect.poll(() => isProcessGone(grandchild), { timeout: 5_000 }).toBe(true);
  });

  it('reports a cancel through the abort signal as cancelled', async () => {
    await bin.add('claude', { hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    const result = await createClaudeProvider(defaultConfig(), env()).run(request({ signal: controller.signal }));
    expect(result.failure?.kind).toBe('cancelled');
  });
});

describe('claude arguments and stream parsing', () => {
  it('adds the fallback model only when it differs from the model', () => {
    const config = defaultConfig();
    config.provider.model = 'opus';
    config.provider.fallback_model = 'sonnet';
    expect(claudeArgs({ role: 'build', prompt: 'p', cwd: '.', timeoutMs: 1 }, config)).toEqual(expect.arrayContaining(['--fallback-model', 'sonnet']));
    config.provider.fallback_model = 'opus';
    expect(claudeArgs({ role: 'build', prompt: 'p', cwd: '.', timeoutMs: 1 }, config)).not.toContain('--fallback-model');
  });

  it('skips banners and cut lines, and keeps the last result', async () => {
    const recorded = await readFile(join(FIXTURES, 'claude-success.jsonl'), 'utf8');
    const toolResult = '{"type":"user","message":{"role":"user","content":[{"type":"tool_result","content":"ok"}]}}';
    const summary = parseClaudeStream(`npm warn something\n{"type":"assistant","mess\n${toolResult}\n${recorded}`);
    expect(summary.unrecognisedLines).toBe(2);
    expect(summary.events).toBe(4);
    expect(summary.result?.isError).toBe(false);
    expect(summary.model).toBe('claude-sonnet-4-5');
  });

  it('reads the authentication error of the recorded transcript', async () => {
    const summary = parseClaudeStream(await readFile(join(FIXTURES, 'claude-unauthenticated.jsonl'), 'utf8'));
    expect(summary.assistantErrors).toEqual(['authentication_failed']);
    expect(summary.result).toMatchObject({ isError: true, text: 'Not logged in · Please run /login', terminalReason: 'api_error', costUsd: 0 });
  });
});
