import { constants as osConstants } from 'node:os';

/**
 * Every process group Loki starts is registered here, so that Ctrl-C, SIGTERM or an uncaught
 * failure can take all of them down: a cancelled verify must leave nothing running.
 *
 * A long job (a build) may register a shutdown hook: on the first signal the hook gets a grace
 * period to stop its work cleanly (push what it has, complete its check run) before everything
 * is killed. A second signal ends the process at once.
 */
const groups = new Set<number>();
const shutdownHooks = new Set<(signal: NodeJS.Signals) => Promise<void>>();
let hooked = false;
let shuttingDown = false;

export function trackProcessGroup(pid: number): () => void {
  groups.add(pid);
  hookSignals();
  return () => groups.delete(pid);
}

/** Runs `hook` on SIGINT/SIGTERM/SIGHUP before Loki exits, for at most `graceMs`. Returns an unregister function. */
export function onShutdown(hook: (signal: NodeJS.Signals) => Promise<void>): () => void {
  shutdownHooks.add(hook);
  hookSignals();
  return () => shutdownHooks.delete(hook);
}

export const SHUTDOWN_GRACE_MS = 30_000;

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
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
  process.once('exit', () => killAllTracked('SIGKILL'));
}

/** The exit code of a process ended by `signal`, as a shell reports it: 128 + the signal's number (Ctrl-C: 130, SIGTERM: 143). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 15);
}

async function shutdown(signal: NodeJS.Signals): Promise<void> {
  const code = signalExitCode(signal);
  if (shuttingDown || shutdownHooks.size === 0) {
    killAllTracked('SIGKILL');
    process.exit(code);
  }
  shuttingDown = true;
  const grace = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
  await Promise.race([Promise.allSettled([...shutdownHooks].map((hook) => hook(signal))), grace]);
  killAllTracked('SIGKILL');
  process.exit(code);
}
