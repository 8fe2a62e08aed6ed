import { describe, expect, it } from 'vitest';
import { projectCommandEnv } from '../../../gates/core/project-command-env.js';

describe('projectCommandEnv', () => {
  it("adds only CI=true and Loki's own options, and never sets or removes colour variables", () => {
    const env = projectCommandEnv({ PATH: '/usr/bin', FORCE_COLOR: '3', TERM: 'xterm-256color', LANG: 'C.UTF-8' }, { NODE_OPTIONS: '--test-reporter=x' });
    expect(env).toEqual({ PATH: '/usr/bin', FORCE_COLOR: '3', TERM: 'xterm-256color', LANG: 'C.UTF-8', CI: 'true', NODE_OPTIONS: '--test-reporter=x' });
    expect(projectCommandEnv({ PATH: '/usr/bin' })).not.toHaveProperty('NO_COLOR');
    expect(projectCommandEnv({ NO_COLOR: '1' })).toMatchObject({ NO_COLOR: '1' });
  });

  it('strips credentials', () => {
    const env = projectCommandEnv({ PATH: '/usr/bin', GITHUB_TOKEN: 'ghs_x', ANTHROPIC_API_KEY: 'sk-ant-x', DB_PASSWORD: 'p', PRIVATE_KEY: 'k' });
    expect(Object.keys(env).sort()).toEqual(['CI', 'PATH']);
  });
});
