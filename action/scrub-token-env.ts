/** Variables that carry GitHub credentials into a job step. */
const CREDENTIAL_VARIABLES = [
  'INPUT_TOKEN',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
];

/**
 * The gates run the PR's own install, build and test commands, which inherit this process's
 * environment: once the token is read, nothing that the PR's code could read may still hold it.
 */
export function scrubTokenEnv(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of Object.keys(env)) {
    if (CREDENTIAL_VARIABLES.includes(name) || name.startsWith('LOKI_GITHUB_TOKEN')) delete env[name];
  }
}
