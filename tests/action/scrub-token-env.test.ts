import { describe, expect, it } from 'vitest';
import { scrubTokenEnv } from '../../action/scrub-token-env.js';

describe('scrubTokenEnv', () => {
  it('drops the credentials a step receives and keeps everything else', () => {
    const env: NodeJS.ProcessEnv = {
      INPUT_TOKEN: 'a', GITHUB_TOKEN: 'b', GH_TOKEN: 'c', ACTIONS_RUNTIME_TOKEN: 'd', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'e',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'f', LOKI_GITHUB_TOKEN_FILE: 'g', PATH: '/bin', INPUT_GATES: 'diff', NPM_CONFIG_REGISTRY: 'r',
    };
    scrubTokenEnv(env);
    expect(env).toEqual({ PATH: '/bin', INPUT_GATES: 'diff', NPM_CONFIG_REGISTRY: 'r' });
  });
});
