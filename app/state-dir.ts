import { chmod, mkdir } from 'node:fs/promises';
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

export async function preparePrivateDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  return dir;
}
