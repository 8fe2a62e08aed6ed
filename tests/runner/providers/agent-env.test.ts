import { describe, expect, it } from 'vitest';
import { agentEnvironment } from '../../../runner/providers/agent-env.js';

const PARENT = {
  PATH: '/usr/bin',
  HOME: '/home/loki',
  LANG: 'C.UTF-8',
  GITHUB_REPOSITORY: 'o/r',
  GITHUB_TOKEN: 'ghs_1',
  GH_TOKEN: 'gho_2',
  github_token: 'ghs_lower',
  LOKI_GITHUB_TOKEN: 'ghs_3',
  LOKI_GITHUB_TOKEN_FILE: '/run/token',
  ACTIONS_RUNTIME_TOKEN: 'rt',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'idt',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x',
  PRIVATE_KEY: 'pem',
  PRIVATE_KEY_PATH: '/app.pem',
  WEBHOOK_SECRET: 'wh',
  NPM_TOKEN: 'npm',
  CLIENT_SECRET: 'cs',
  DEPLOY_PRIVATE_KEY: 'k',
  AWS_SECRET_ACCESS_KEY: 'aws',
  AWS_SESSION_TOKEN: 'sess',
  DB_PASSWORD: 'pw',
  SSH_AUTH_SOCK: '/tmp/agent.sock',
  GIT_ASKPASS: '/bin/askpass',
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'http.extraheader',
  GIT_CONFIG_VALUE_0: 'AUTHORIZATION: basic xyz',
  ANTHROPIC_API_KEY: 'sk-ant',
  ANTHROPIC_AUTH_TOKEN: 'a',
  CLAUDE_CODE_OAUTH_TOKEN: 'oauth',
  OPENAI_API_KEY: 'sk-oa',
  CODEX_API_KEY: 'sk-cx',
  IS_SANDBOX: '1',
};

describe('agentEnvironment', () => {
  it('drops every GitHub token, App key, secret and git credential helper', () => {
    const env = agentEnvironment(PARENT);
    for (const name of [
      'GITHUB_TOKEN', 'GH_TOKEN', 'github_token', 'LOKI_GITHUB_TOKEN', 'LOKI_GITHUB_TOKEN_FILE', 'ACTIONS_RUNTIME_TOKEN',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_URL', 'PRIVATE_KEY', 'PRIVATE_KEY_PATH', 'WEBHOOK_SECRET',
      'NPM_TOKEN', 'CLIENT_SECRET', 'DEPLOY_PRIVATE_KEY', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'DB_PASSWORD',
      'SSH_AUTH_SOCK', 'GIT_ASKPASS', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0',
    ]) {
      expect(env, name).not.toHaveProperty(name);
    }
    expect(Object.values(env).join('\n')).not.toMatch(/ghs_|gho_|pem|basic xyz/);
  });

  it("keeps the providers' own credentials and the allowlisted variables, and nothing else", () => {
    const env = agentEnvironment(PARENT);
    expect(env).not.toHaveProperty('GITHUB_REPOSITORY');
    expect(agentEnvironment({ ...PARENT, LOKI_AGENT_ENV_ALLOW: 'GITHUB_REPOSITORY' }).GITHUB_REPOSITORY).toBe('o/r');
    expect(env).toMatchObject({
      PATH: '/usr/bin', HOME: '/home/loki', LANG: 'C.UTF-8', IS_SANDBOX: '1',
      ANTHROPIC_API_KEY: 'sk-ant', ANTHROPIC_AUTH_TOKEN: 'a', CLAUDE_CODE_OAUTH_TOKEN: 'oauth', OPENAI_API_KEY: 'sk-oa', CODEX_API_KEY: 'sk-cx',
    });
  });

  it('passes names listed in LOKI_AGENT_ENV_ALLOW, but never a GitHub token', () => {
    const env = agentEnvironment({ ...PARENT, LOKI_AGENT_ENV_ALLOW: 'AWS_SESSION_TOKEN, GITHUB_TOKEN,LOKI_GITHUB_TOKEN' });
    expect(env.AWS_SESSION_TOKEN).toBe('sess');
    expect(env).not.toHaveProperty('GITHUB_TOKEN');
    expect(env).not.toHaveProperty('LOKI_GITHUB_TOKEN');
    expect(env).not.toHaveProperty('LOKI_AGENT_ENV_ALLOW');
  });

  it('defaults to this process environment', () => {
    process.env.LOKI_TEST_GH_SECRET = 'x';
    try {
      expect(agentEnvironment()).not.toHaveProperty('LOKI_TEST_GH_SECRET');
      expect(agentEnvironment().PATH).toBe(process.env.PATH);
    } finally {
      delete process.env.LOKI_TEST_GH_SECRET;
    }
  });
});
