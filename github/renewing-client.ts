import { LokiError } from '../gates/core/errors.js';
import { createGitHubClient, type GitHubClient } from './client.js';

/**
 * A client that reads the token again for every request, so a dispatcher can swap in a fresh
 * installation token (they last an hour) while a long build runs.
 */
export function createRenewingClient(token: () => string | undefined, baseUrl: string): GitHubClient {
  return {
    request(route, parameters) {
      const current = token();
      if (!current) {
        return Promise.reject(new LokiError('GITHUB_FAILED', 'the runner has no GitHub token any more', {
          fix: 'set LOKI_GITHUB_TOKEN_FILE to a file holding a valid token (or LOKI_GITHUB_TOKEN)',
        }));
      }
      return createGitHubClient({ token: current, baseUrl }).request(route, parameters);
    },
  };
}
