import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { createCommandProvider, splitCost } from '../../../runner/providers/command.js';
import type { AgentRequest } from '../../../runner/providers/provider.js';
import { isProcessGone, killLeftover } from './fake-bin.js';
import { withoutSandbox } from '../../support/without-sandbox.js';

/**
 * Scripted agents for the `command` provider. The agent scripts check their own environment and
 * inputs from the inside and fail loudly (exit 42 with the reason) when something is wrong.
 */
withoutSandbox('scripted agents live and report in temporary folders outside their workspace');
let dir: string;
let workspace: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loki-command-'));
  workspace = join(dir, 'ws');
  await mkdir(workspace);
});
afterEach(async () => {
  await killLeftover(join(dir, 'grandchild.pid'));
  await rm(dir, { recursive: true, force: true });
});

const SECRETS = {
  GITHUB_TOKEN: 'ghs_parent',
  GH_TOKEN: 'gho_parent',
  LOKI_GITHUB_TOKEN: 'ghs_loki',
  LOKI_GITHUB_TOKEN_FILE: '/run/secrets/token',
  ACTIONS_RUNTIME_TOKEN: 'rt',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'idt',
  PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----',
  WEBHOOK_SECRET: 'whsec',
  NPM_TOKEN: 'npm_x',
};

async function agent(name: string, body: string): Promise<string> {
  const file = join(dir, `${name}.mjs`);
  await writeFile(file, body);
  return `"${process.execPath}" "${file}"`;
}

function request(extra: Partial<AgentRequest> = {}): AgentRequest {
  return { role: 'build', prompt: 'Implement #12: add(a, b).\n$(touch pwned); `touch pwned2` && echo "$HOME"', cwd: workspace, timeoutMs: 20_000, ...extra };
}

const SOLVER = `
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
const fail = (why) => { console.error(why); process.exit(42); };
for (const name of ['GITHUB_TOKEN', 'GH_TOKEN', 'LOKI_GITHUB_TOKEN', 'LOKI_GITHUB_TOKEN_FILE', 'ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'PRIVATE_KEY', 'WEBHOOK_SECRET', 'NPM_TOKEN']) {
  if (process.env[name] !== undefined) fail('leaked ' + name);
}
if (process.env.ANTHROPIC_API_KEY !== 'sk-ant-ok') fail('provider key missing');
const stdin = readFileSync(0, 'utf8');
const file = process.env.LOKI_PROMPT_FILE;
if (!file || !existsSync(file)) fail('no prompt file');
if (readFileSync(file, 'utf8') !== stdin) fail('prompt file differs from stdin');
if (file.startsWith(process.cwd())) fail('prompt file inside the workspace');
writeFileSync('math.js', 'export const add = (a, b) => a + b;\\n');
writeFileSync(process.env.LOKI_TEST_OUT, JSON.stringify({ stdin, file }));
console.log('Implemented add in math.js.');
console.log('LOKI_COST_USD=0.25');
`;

describe('command provider with scripted agents', () => {
  it('hands the prompt over on stdin and in LOKI_PROMPT_FILE, with no tokens in the environment', async () => {
    const out = join(dir, 'seen.json');
    const command = await agent('solver', SOLVER);
    const env = { ...process.env, ...SECRETS, ANTHROPIC_API_KEY: 'sk-ant-ok', LOKI_AGENT_COMMAND: command, LOKI_TEST_OUT: out, LOKI_AGENT_ENV_ALLOW: 'LOKI_TEST_OUT' };
    const result = await createCommandProvider(defaultConfig(), env).run(request());

    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.text).toBe('Implemented add in math.js.');
    expect(result.costUsd).toBe(0.25);
    expect(await readFile(join(workspace, 'math.js'), 'utf8')).toContain('add');
    const seen = JSON.parse(await readFile(out, 'utf8')) as { stdin: string; file: string };
    expect(seen.stdin).toBe(request().prompt);
    // The prompt file is gone after the call, and the untrusted prompt text was never run.
    expect(existsSync(seen.file)).toBe(false);
    expect(existsSync(join(workspace, 'pwned'))).toBe(false);
    expect(existsSync(join(workspace, 'pwned2'))).toBe(false);
  });

  it('scrubs tokens passed in request.env too', async () => {
    const command = await agent('env-check', `if (process.env.GITHUB_TOKEN) { console.error('leaked'); process.exit(42); } console.log('clean');`);
    const result = await createCommandProvider(defaultConfig(), { PATH: process.env.PATH, LOKI_AGENT_COMMAND: command }).run(request({ env: { GITHUB_TOKEN: 'ghs_request', EXTRA: '1' } }));
    expect(result.failure).toBeUndefined();
    expect(result.text).toBe('clean');
  });

  it('takes provider.command from the config when LOKI_AGENT_COMMAND is unset', async () => {
    const config = defaultConfig();
    config.provider.command = await agent('from-config', `console.log('configured agent ran in ' + process.cwd());`);
    const result = await createCommandProvider(config, { PATH: process.env.PATH }).run(request());
    expect(result.text).toBe(`configured agent ran in ${workspace}`);
    expect(result.costUsd).toBeUndefined();
  });

  it('is missing, with the variable to set, when no command is configured', async () => {
    const result = await createCommandProvider(defaultConfig(), { PATH: process.env.PATH }).run(request());
    expect(result.failure?.kind).toBe('missing');
    expect(result.failure?.fix).toMatch(/LOKI_AGENT_COMMAND/);
  });

  it('treats "command not found" (exit 127) as missing', async () => {
    const result = await createCommandProvider(defaultConfig(), { PATH: '/nonexistent', LOKI_AGENT_COMMAND: 'no-such-agent-xyz --go' }).run(request());
    expect(result.exitCode).toBe(127);
    expect(result.failure?.kind).toBe('missing');
    expect(result.failure?.message).toMatch(/no-such-agent-xyz/);
  });

  it('classifies a failing agent: rate limit, outage, or plain failure with its last output', async () => {
    const limited = await agent('limited', `console.error('Error: 429 Too Many Requests'); process.exit(1);`);
    const down = await agent('down', `console.error('API Error: 503 Service Unavailable'); process.exit(1);`);
    const broken = await agent('broken', `console.error('TypeError: cannot read x'); process.exit(2);`);
    const run = (command: string) => createCommandProvider(defaultConfig(), { PATH: process.env.PATH, LOKI_AGENT_COMMAND: command }).run(request());
    expect((await run(limited)).failure?.kind).toBe('rate_limited');
    expect((await run(down)).failure?.kind).toBe('outage');
    const failed = await run(broken);
    expect(failed.failure?.kind).toBe('failed');
    expect(failed.failure?.message).toContain('exited with code 2');
    expect(failed.failure?.message).toContain('TypeError: cannot read x');
  });

  it('kills a hanging agent and the processes it started at the timeout', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const command = await agent(
      'hang',
      `import { spawn } from 'node:child_process'; import { writeFileSync } from 'node:fs';
       const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
       writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));
       setInterval(() => {}, 1000);`,
    );
    const started = Date.now();
    const result = await createCommandProvider(defaultConfig(), { PATH: process.env.PATH, LOKI_AGENT_COMMAND: command }).run(request({ timeoutMs: 1_500 }));
    expect(result.failure?.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(6_000);
    const grandchild = Number(await readFile(pidFile, 'utf8'));
    await expect.poll(() => isProcessGone(grandchild), { timeout: 5_000 }).toBe(true);
  });
});

describe('the LOKI_COST_USD convention', () => {
  it('reads the last line only and strips it from the answer', () => {
    expect(splitCost('done\nLOKI_COST_USD=1.5\n')).toEqual({ text: 'done', costUsd: 1.5 });
    expect(splitCost('LOKI_COST_USD=1.5\nmore text')).toEqual({ text: 'LOKI_COST_USD=1.5\nmore text' });
    expect(splitCost('LOKI_COST_USD=abc')).toEqual({ text: 'LOKI_COST_USD=abc' });
  });
});
