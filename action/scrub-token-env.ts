import { isGitHubCredential } from '../gates/core/sensitive-env.js';

/**
 * The gates run the PR's own install, build and test commands, which inherit this process's
 * environment: once the token is read, nothing that the PR's code could read may still hold it.
 */
export function scrubTokenEnv(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of Object.keys(env)) if (isGitHubCredential(name)) delete env[name];
}
