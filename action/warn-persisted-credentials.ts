import { warning } from '@actions/core';
import { gitResult } from '../gates/git/git.js';

/**
 * actions/checkout keeps the job's token in the repository's git config unless told not to. The
 * gates then run the PR's own build and test commands in that checkout, and those can read it.
 * Loki cannot take it back safely (later steps may push), so it says so, with the fix.
 */
export async function warnPersistedCredentials(workspace: string): Promise<boolean> {
  const result = await gitResult(workspace, ['config', '--get-regexp', '^http\\..*\\.extraheader$']);
  const persisted = result.exitCode === 0 && /authorization/i.test(result.stdout);
  if (persisted) {
    warning(
      'the checkout keeps a GitHub token in the git config, where the pull request\'s own build and test commands can read it. ' +
        'Fix: set `persist-credentials: false` on the actions/checkout step before Loki Verify.',
    );
  }
  return persisted;
}
