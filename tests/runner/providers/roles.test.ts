import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, LokiConfigSchema } from '../../../gates/config/schema.js';
import { packageRoot } from '../../../gates/core/package-root.js';
import { createProvider } from '../../../runner/providers/create-provider.js';
import { AGENT_ROLES } from '../../../runner/providers/provider.js';
import { chooseReviewer } from '../../../runner/review/choose-reviewer.js';
import { parseReview } from '../../../runner/review/parse-review.js';
import { withoutSandbox } from '../../support/without-sandbox.js';

withoutSandbox('scripted agents live and report in temporary folders outside their workspace');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loki-roles-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** An agent that prints its LOKI_ROLE and the first line of its prompt. */
async function echoAgent(): Promise<string> {
  const file = join(dir, 'echo.mjs');
  await writeFile(file, "import { readFileSync } from 'node:fs';\nconsole.log(process.env.LOKI_ROLE + '|' + readFileSync(0, 'utf8').split('\\n')[0]);\n");
  return `"${process.execPath}" "${file}"`;
}

describe('the agent protocol: every provider call states its role', () => {
  it('sets LOKI_ROLE and the prompt\'s first line for each role', async () => {
    const command = await echoAgent();
    const provider = createProvider('command', defaultConfig(), { PATH: process.env.PATH, LOKI_AGENT_COMMAND: command });
    for (const role of AGENT_ROLES) {
      const result = await provider.run({ role, prompt: 'do the thing', cwd: dir, timeoutMs: 20_000 });
      expect(result.text).toBe(`${role}|LOKI_ROLE=${role}`);
    }
  });

  it('the example wrapper in templates/agents routes a review to the agent, and its answer parses', async () => {
    const agent = join(dir, 'agent.mjs');
    await writeFile(agent, "import { readFileSync } from 'node:fs';\nconst p = readFileSync(0, 'utf8');\nconsole.log(p.startsWith('LOKI_ROLE=review') ? 'My review:\\n```json\\n{\"verdict\":\"pass\",\"summary\":\"ok\"}\\n```' : 'built');\n");
    const wrapper = join(packageRoot(), 'templates', 'agents', 'command-agent.sh');
    const env = { PATH: process.env.PATH, LOKI_AGENT_COMMAND: `sh "${wrapper}"`, MY_AGENT: `"${process.execPath}" "${agent}"`, LOKI_AGENT_ENV_ALLOW: 'MY_AGENT' };
    const provider = createProvider('command', defaultConfig(), env);
    const review = await provider.run({ role: 'review', prompt: 'review this', cwd: dir, timeoutMs: 20_000 });
    expect(review.ok, review.failure?.message).toBe(true);
    expect(parseReview(review.text)).toMatchObject({ ok: true, answer: { verdict: 'pass' } });
    expect((await provider.run({ role: 'build', prompt: 'build this', cwd: dir, timeoutMs: 20_000 })).text).toBe('built');
  });
});

describe('chooseReviewer', () => {
  it('a command agent without review.command: review skipped, with how to enable it', () => {
    const reviewer = chooseReviewer(LokiConfigSchema.parse({ provider: { name: 'command', command: 'x' } }), ['command']);
    expect(reviewer).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/review\.command/) });
  });

  it('review.command makes the command agent review, with that command (not the build one)', async () => {
    const command = await echoAgent();
    const config = LokiConfigSchema.parse({ provider: { name: 'command', command: 'exit 7' }, review: { command } });
    const reviewer = chooseReviewer(config, ['command'], { PATH: process.env.PATH, LOKI_AGENT_COMMAND: 'exit 7' });
    expect(reviewer.kind).toBe('agent');
    if (reviewer.kind !== 'agent') return;
    const result = await reviewer.runAgent({ role: 'review', prompt: 'p', cwd: dir, timeoutMs: 20_000 });
    expect(result.text).toBe('review|LOKI_ROLE=review');
  });

  it('other providers review by default; review.provider overrides the build order', () => {
    expect(chooseReviewer(defaultConfig(), ['claude'])).toMatchObject({ kind: 'agent', provider: 'claude' });
    expect(chooseReviewer(LokiConfigSchema.parse({ review: { provider: 'codex' } }), ['command'])).toMatchObject({ kind: 'agent', provider: 'codex' });
  });

  it('the config rejects an unknown review key or provider, naming it', () => {
    expect(LokiConfigSchema.safeParse({ review: { provider: 'gpt' } }).success).toBe(false);
    expect(LokiConfigSchema.safeParse({ review: { cmd: 'x' } }).success).toBe(false);
  });
});
