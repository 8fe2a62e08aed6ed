import type { ChildProcess } from 'node:child_process';

/**
 * The address in a `loki app` process's "listening on" log line (stdout, Probot's convention; at
 * LOG_LEVEL info or lower). Rejects with what the process printed if none comes.
 */
export function listeningUrl(child: ChildProcess, timeoutMs = 20_000): Promise<string> {
  let out = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the App did not start: ${out}`)), timeoutMs);
    const look = (c: Buffer) => {
      out += c.toString();
      const match = /listening on (http:\/\/[^\s"]+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
  });
}
