import { mkdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { ToolCommand } from './toolchain.js';

/** What a locked npm install gets so it can reuse what earlier runs downloaded. */
export interface InstallCache {
  env: Record<string, string>;
  writable: string[];
  /** Removes what in the cache is not checked against a lockfile; call before and after the install. */
  scrub(): void;
}

/**
 * Parts of npm's cache that are used without an integrity check: packages `npx` installed
 * (a later install script's `npx foo` would run what an earlier repository planted there), and logs.
 */
const UNCHECKED = ['_npx', '_logs', '_update-notifier-last-checked'];

/**
 * Loki's own npm cache, kept between verify runs, for `npm ci` only: the sandbox's HOME is new for
 * every run, so without it each install downloaded every package again (is-what: 26 s against a
 * user's 3 s from their warm cache). A locked install asks the cache for each tarball by the
 * lockfile's sha512 `integrity`, and npm checks what it reads against it, so what one repository's
 * install scripts write into the cache cannot change what another's install gets. An install
 * without a lockfile resolves versions from cached metadata, which a previous run could have
 * written: it keeps the run's own cache. What npm keeps there without a check (`_npx`) is removed
 * before and after each install. Not the user's ~/.npm: repository code never writes there.
 */
export function lockedInstallCache(command: ToolCommand, env: NodeJS.ProcessEnv = process.env): InstallCache | undefined {
  if (command.shell || command.file !== 'npm' || command.args[0] !== 'ci') return undefined;
  const dir = join(cacheRoot(env), 'loki', 'npm');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return undefined;
  }
  return {
    env: { npm_config_cache: dir },
    writable: [dir],
    scrub: () => {
      for (const name of UNCHECKED) rmSync(join(dir, name), { recursive: true, force: true });
    },
  };
}

function cacheRoot(env: NodeJS.ProcessEnv): string {
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return env.XDG_CACHE_HOME;
  const home = env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir();
  return home ? join(home, '.cache') : tmpdir();
}
