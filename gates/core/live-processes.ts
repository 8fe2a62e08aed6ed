/**
 * Every process group Loki starts is registered here, so that Ctrl-C, SIGTERM or an uncaught
 * failure can take all of them down: a cancelled verify must leave nothing running.
 */
const groups = new Set<number>();
let hooked = false;

export function trackProcessGroup(pid: number): () => void {
  groups.add(pid);
  hookSignals();
  return () => groups.delete(pid);
}

export function killProcessGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    // A negative pid addresses the whole group: the shell, the test runner and its workers.
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

export function killAllTracked(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pid of groups) killProcessGroup(pid, signal);
  groups.clear();
}

function hookSignals(): void {
  if (hooked) return;
  hooked = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllTracked('SIGKILL');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
  process.once('exit', () => killAllTracked('SIGKILL'));
}
