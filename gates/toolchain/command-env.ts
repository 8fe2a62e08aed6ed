/**
 * The environment for project commands (install, build, tests). They run the change's own code,
 * so Loki's credentials stay out: anything that looks like a token, secret or private key is
 * dropped. CI=true keeps watch-mode runners (vitest, jest) from waiting for input; NO_COLOR keeps
 * logs and parsed output free of escape codes. VITEST_* is dropped so a project's own vitest does
 * not think it runs inside Loki's test suite.
 */
const SECRET_NAMES = [/^GITHUB_TOKEN$/, /^GH_TOKEN$/, /^LOKI_GITHUB_TOKEN/, /^ACTIONS_.*TOKEN/, /^PRIVATE_KEY/, /^WEBHOOK_SECRET$/, /_TOKEN$/, /_SECRET$/, /_PRIVATE_KEY$/, /_API_KEY$/];

export function projectCommandEnv(base: NodeJS.ProcessEnv = process.env, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    const upper = name.toUpperCase();
    if (value === undefined || SECRET_NAMES.some((p) => p.test(upper)) || upper.startsWith('VITEST') || upper === 'FORCE_COLOR') continue;
    env[name] = value;
  }
  return { ...env, CI: 'true', NO_COLOR: '1', ...extra };
}
