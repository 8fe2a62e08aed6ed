import { withoutCredentials } from './sensitive-env.js';

/**
 * The environment for project commands (install, build, tests, type check, lint). They run the
 * change's own code (scripts, configs, plugins), so every credential stays out — Loki's tokens
 * and the model providers' keys alike. CI=true keeps watch-mode runners (vitest, jest) from
 * waiting for input; NO_COLOR keeps logs and parsed output free of escape codes. VITEST_* is
 * dropped so a project's own vitest does not think it runs inside Loki's test suite.
 */
export function projectCommandEnv(base: NodeJS.ProcessEnv = process.env, extra: NodeJS.ProcessEnv = {}): Record<string, string> {
  const env = withoutCredentials(base);
  for (const name of Object.keys(env)) {
    const upper = name.toUpperCase();
    if (upper.startsWith('VITEST') || upper === 'FORCE_COLOR') delete env[name];
  }
  const added = Object.entries(extra).filter((e): e is [string, string] => e[1] !== undefined);
  return { ...env, CI: 'true', NO_COLOR: '1', ...Object.fromEntries(added) };
}
