import { readFileSync } from 'node:fs';
import { LokiError } from '../../gates/core/errors.js';

/**
 * The runner's GitHub token: the file named by LOKI_GITHUB_TOKEN_FILE (read again on every call,
 * so a dispatcher can renew a one-hour installation token mid-run), else LOKI_GITHUB_TOKEN.
 * Never from the job file, never handed to an agent.
 */
export function readRunnerToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env.LOKI_GITHUB_TOKEN_FILE;
  if (file) {
    try {
      const token = readFileSync(file, 'utf8').trim();
      if (token) return token;
    } catch (error) {
      throw new LokiError('GITHUB_FAILED', `cannot read the GitHub token file ${file}: ${(error as Error).message}`, {
        fix: 'point LOKI_GITHUB_TOKEN_FILE at a readable file holding the token, or unset it',
        cause: error,
      });
    }
  }
  const token = env.LOKI_GITHUB_TOKEN?.trim();
  return token ? token : undefined;
}
