import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureRunnerToken } from '../../../runner/token/capture-runner-token.js';
import { readRunnerToken } from '../../../runner/token/read-runner-token.js';
import { gitAuthEnv, redactToken } from '../../../runner/workspace/git-auth-env.js';

describe('the runner token', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'loki-token-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is read from LOKI_GITHUB_TOKEN_FILE again on every use, so a renewed token is picked up', () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'first\n');
    const env = { LOKI_GITHUB_TOKEN_FILE: file, LOKI_GITHUB_TOKEN: 'fallback' };
    expect(readRunnerToken(env)).toBe('first');
    writeFileSync(file, 'renewed');
    expect(readRunnerToken(env)).toBe('renewed');
    expect(readRunnerToken({ LOKI_GITHUB_TOKEN: ' plain ' })).toBe('plain');
    expect(readRunnerToken({})).toBeUndefined();
    expect(() => readRunnerToken({ LOKI_GITHUB_TOKEN_FILE: join(dir, 'missing') })).toThrow(/cannot read the GitHub token file/);
  });

  it('is taken out of the environment that everything the runner starts inherits', () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'secret-1');
    const env: NodeJS.ProcessEnv = { LOKI_GITHUB_TOKEN_FILE: file, PATH: '/bin' };
    const read = captureRunnerToken(env);
    expect(env).toEqual({ PATH: '/bin' });
    expect(read()).toBe('secret-1');
    writeFileSync(file, 'secret-2');
    expect(read()).toBe('secret-2');
  });

  it('reaches git only as an http.extraHeader in the environment of one command, and is redacted from messages', () => {
    const env = gitAuthEnv('tok123');
    expect(env).toMatchObject({ GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_TERMINAL_PROMPT: '0' });
    expect(env.GIT_CONFIG_VALUE_0).toBe(`Authorization: Basic ${Buffer.from('x-access-token:tok123').toString('base64')}`);
    expect(gitAuthEnv(undefined).GIT_CONFIG_COUNT).toBeUndefined();
    // Scoped to the repository's host: redirects, submodules and LFS elsewhere never get it.
    expect(gitAuthEnv('tok123', 'https://github.example.com/acme/calc.git').GIT_CONFIG_KEY_0).toBe('http.https://github.example.com/.extraHeader');
    expect(redactToken(`fatal: tok123 and ${Buffer.from('x-access-token:tok123').toString('base64')}`, 'tok123')).toBe('fatal: *** and ***');
  });
});
