import { chmod, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RepoToken } from './mint-token.js';

export interface TokenFile {
  path: string;
  stop(): Promise<void>;
}

/** Renew this long before expiry: installation tokens last an hour and cannot be extended. */
const RENEW_BEFORE_MS = 10 * 60 * 1000;
const MIN_RENEW_DELAY_MS = 1_000;

/**
 * Keeps a fresh token in a 0600 file outside any workspace; the runner re-reads it on each use
 * (LOKI_GITHUB_TOKEN_FILE), so renewing is just rewriting the file. The file goes when the job ends.
 */
export async function startTokenFile(parentDir: string, mint: () => Promise<RepoToken>, onRenewFailed: (error: unknown) => void): Promise<TokenFile> {
  const dir = await mkdtemp(join(parentDir, 'token-'));
  await chmod(dir, 0o700);
  const path = join(dir, 'token');
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const write = async (token: RepoToken) => {
    if (stopped) return;
    // Written beside, then renamed: the runner never reads a half-written token.
    const temp = `${path}.next`;
    await writeFile(temp, token.token, { mode: 0o600 });
    await rename(temp, path);
    schedule(token.expiresAt);
  };
  const schedule = (expiresAt: Date) => {
    if (stopped) return;
    const delay = Math.max(MIN_RENEW_DELAY_MS, expiresAt.getTime() - Date.now() - RENEW_BEFORE_MS);
    timer = setTimeout(() => {
      mint()
        .then(write)
        .catch((error: unknown) => {
          if (stopped) return;
          onRenewFailed(error);
          schedule(new Date(Date.now() + RENEW_BEFORE_MS + 30_000));
        });
    }, delay);
    timer.unref();
  };

  await write(await mint());
  return {
    path,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
