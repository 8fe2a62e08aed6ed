import { describe, expect, it } from 'vitest';
import { runnerEnvironment } from '../../../app/dispatch/runner-env.js';

const APP_ENV = {
  PATH: '/usr/bin',
  HOME: '/home/loki',
  APP_ID: '12',
  PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----',
  PRIVATE_KEY_PATH: '/keys/app.pem',
  WEBHOOK_SECRET: 'whsec',
  GITHUB_TOKEN: 'ghp_x',
  GH_TOKEN: 'gho_x',
  LOKI_GITHUB_TOKEN: 'ghs_x',
  NPM_TOKEN: 'npm_x',
  DB_PASSWORD: 'hunter2',
  ANTHROPIC_API_KEY: 'sk-ant',
  CLAUDE_CODE_OAUTH_TOKEN: 'oauth',
  AWS_SESSION_TOKEN: 'aws',
  LOKI_AGENT_ENV_ALLOW: 'AWS_SESSION_TOKEN',
  LOKI_AGENT_COMMAND: 'my-agent',
  LOKI_SANDBOX: 'none',
};

describe('runnerEnvironment', () => {
  it("keeps the App's credentials and stray tokens away from a runner, and passes what the agent needs and Loki settings", () => {
    const env = runnerEnvironment(APP_ENV, false);
    // Provider keys (even `_TOKEN`-shaped ones) and names the operator allowed for agents go down to the runner.
    expect(Object.keys(env).sort()).toEqual(['ANTHROPIC_API_KEY', 'AWS_SESSION_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN', 'HOME', 'LOKI_AGENT_COMMAND', 'LOKI_AGENT_ENV_ALLOW', 'LOKI_SANDBOX', 'PATH']);
  });

  it('gives a tokenless (fork) job a small allowlist: no key of any kind', () => {
    const env = runnerEnvironment(APP_ENV, true);
    expect(Object.keys(env).sort()).toEqual(['HOME', 'LOKI_SANDBOX', 'PATH']);
  });
});
