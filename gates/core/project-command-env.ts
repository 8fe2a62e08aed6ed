import { allowlistedEnv } from '../sandbox/sandbox-env.js';
import { isGitHubCredential } from './sensitive-env.js';

/**
 * The environment for project commands (install, build, tests, type check, lint, audit). They run
 * the change's own code (scripts, configs, plugins), so it is rebuilt from the sandbox allowlist
 * (gates/sandbox/sandbox-env.ts), never inherited: no token, key or secret of Loki's, the model
 * providers' or the runner's reaches them. Loki adds only CI=true (watch-mode runners such as
 * vitest and jest then do not wait for input) and its own reporter options (`extra`); colour
 * variables pass as they are (some projects test their own colour handling) and colour codes are
 * removed where Loki reads output. VITEST_* never passes, so a project's own vitest does not think
 * it runs inside Loki's test suite.
 */
export function projectCommandEnv(base: NodeJS.ProcessEnv = process.env, extra: NodeJS.ProcessEnv = {}): Record<string, string> {
  const env = allowlistedEnv(base);
  for (const name of ['HOME', 'USER', 'LOGNAME', 'TMPDIR']) {
    // Without a sandbox (LOKI_SANDBOX=none) commands keep the machine's home; a sandbox sets its own.
    if (base[name]) env[name] = base[name] as string;
  }
  const added = Object.entries(extra).filter((e): e is [string, string] => e[1] !== undefined && !isGitHubCredential(e[0]));
  return { ...env, CI: 'true', ...Object.fromEntries(added) };
}
