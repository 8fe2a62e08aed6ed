import { LokiError } from '../gates/core/errors.js';
import { makeWritableDir } from '../gates/core/writable-dir.js';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Where the App keeps job files, token files and pid files when LOKI_STATE_DIR is unset: a private
 * folder under the user's state home (XDG_STATE_HOME, else ~/.local/state), never a predictable
 * path in /tmp that another local user could create first or read. Made 0700, whoever made it.
 */
export function defaultStateDir(env: NodeJS.ProcessEnv, appId: string): string {
  const base = env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'loki', `app-${appId}`);
}

/**
 * Creates the state folder 0700, or says why it cannot: a Docker volume made by root, a path on a
 * read-only file system. Then the App stops at start with the folder, the uid and the fix,
 * never with a stack trace at the first job.
 */
export async function preparePrivateDir(dir: string): Promise<string> {
  const problem = await makeWritableDir(dir, 0o700);
  if (problem) {
    const { code, uid } = problem;
    throw new LokiError('CONFIG_INVALID', `the App's state folder ${dir} (LOKI_STATE_DIR) is not writable${uid === undefined ? '' : ` by uid ${uid}`} (${code})`, {
      fix: `make it writable by that user (for a Docker volume: docker run --rm -v VOLUME:${dir} --user root IMAGE chown -R ${uid ?? 10001} ${dir}), or set LOKI_STATE_DIR to a folder it can write`,
    });
  }
  return dir;
}
