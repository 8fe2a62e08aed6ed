import { dirname, isAbsolute, resolve } from 'node:path';

/**
 * Paths no sandbox may show, even under a folder it mounts: the App's state folder (job files,
 * token files), its private key, the runner's token file, the App's .env. The App names them for
 * its runners in LOKI_SANDBOX_HIDE (paths, colon-separated); a process adds its own here.
 */
export const HIDE_VAR = 'LOKI_SANDBOX_HIDE';
/** Extra read-only paths an operator exposes (toolchains or agent wrappers outside the usual places). */
export const READ_ONLY_VAR = 'LOKI_SANDBOX_READ_ONLY';

const registered = new Set<string>();

export function hideFromSandbox(path: string | undefined): void {
  if (path && isAbsolute(path)) registered.add(resolve(path));
}

/** Credential stores under a home folder, masked wherever a mount would show them. */
const HOME_CREDENTIALS = ['.ssh', '.aws', '.gnupg', '.docker', '.kube', '.netrc', '.npmrc', '.pypirc', '.git-credentials', '.gitconfig', '.config/gh', '.config/git', '.cargo/credentials', '.cargo/credentials.toml', '.claude', '.claude.json', '.codex', '.local/state/loki'];

export function hiddenPaths(env: NodeJS.ProcessEnv): string[] {
  const paths = new Set(registered);
  for (const path of splitPaths(env[HIDE_VAR])) paths.add(path);
  for (const name of ['LOKI_STATE_DIR', 'PRIVATE_KEY_PATH']) {
    const value = env[name];
    if (value && isAbsolute(value)) paths.add(resolve(value));
  }
  const tokenFile = env.LOKI_GITHUB_TOKEN_FILE;
  if (tokenFile && isAbsolute(tokenFile)) paths.add(dirname(resolve(tokenFile)));
  const home = env.HOME;
  if (home && isAbsolute(home)) for (const rel of HOME_CREDENTIALS) paths.add(resolve(home, rel));
  return [...paths];
}

export function splitPaths(value: string | undefined): string[] {
  return (value ?? '')
    .split(':')
    .map((p) => p.trim())
    .filter((p) => p && isAbsolute(p))
    .map((p) => resolve(p));
}

/** Is `inner` the same as `outer` or inside it? */
export function isWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith('/') ? outer : `${outer}/`);
}
