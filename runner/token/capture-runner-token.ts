import { readRunnerToken } from './read-runner-token.js';

/**
 * Takes the token variables out of this process's environment and returns a reader for them.
 * Everything the runner starts (gates running the repository's tests, git, the agent) inherits
 * process.env; code the agent wrote must not find the token there.
 */
export function captureRunnerToken(env: NodeJS.ProcessEnv = process.env): () => string | undefined {
  const kept = { LOKI_GITHUB_TOKEN_FILE: env.LOKI_GITHUB_TOKEN_FILE, LOKI_GITHUB_TOKEN: env.LOKI_GITHUB_TOKEN };
  delete env.LOKI_GITHUB_TOKEN_FILE;
  delete env.LOKI_GITHUB_TOKEN;
  return () => readRunnerToken(kept);
}
