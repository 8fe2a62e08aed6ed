import { withoutCredentials } from './sensitive-env.js';

/**
 * The environment for project commands (install, build, tests, type check, lint). They run the
 * change's own code (scripts, configs, plugins), so every credential stays out — Loki's tokens
 * and the model providers' keys alike. Otherwise the project's environment is left alone: Loki
 * adds only CI=true (watch-mode runners such as vitest and jest then do not wait for input) and its
 * own reporter options (`extra`), and never sets or removes colour variables — some projects test
 * their own colour handling. Colour codes are removed where Loki reads or shows output instead.
 * VITEST_* is dropped so a project's own vitest does not think it runs inside Loki's test suite.
 */
export function projectCommandEnv(base: NodeJS.ProcessEnv = process.env, extra: NodeJS.ProcessEnv = {}): Record<string, string> {
  const env = withoutCredentials(base);
  for (const name of Object.keys(env)) {
    const upper = name.toUpperCase();
    if (upper.startsWith('VITEST')) delete env[name];
  }
  const added = Object.entries(extra).filter((e): e is [string, string] => e[1] !== undefined);
  return { ...env, CI: 'true', ...Object.fromEntries(added) };
}
