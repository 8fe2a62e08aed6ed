import { onShutdown, signalExitCode } from '../gates/core/live-processes.js';

export interface CancellableRun<T> {
  value: T;
  /** The signal that cancelled the work, when one did. */
  signal?: NodeJS.Signals;
}

/**
 * Runs long work (a build, a verify) so that Ctrl-C or SIGTERM (a `/loki stop`, a cancelled
 * Actions run) cancels it cleanly: the work's signal aborts, it gets the shutdown grace period to
 * finish (push nothing more, complete its check run, write what it has), and only then does the
 * process exit, with the signal's exit code (Ctrl-C: 130, SIGTERM: 143).
 */
export async function runCancellable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<CancellableRun<T>> {
  const abort = new AbortController();
  let finished: Promise<unknown> = Promise.resolve();
  let stoppedBy: NodeJS.Signals | undefined;
  const unregister = onShutdown(async (signal) => {
    stoppedBy = signal;
    process.stderr.write('\nloki: stopping — cancelling and reporting (press Ctrl-C again to quit at once)\n');
    abort.abort(signal);
    await finished;
  });
  try {
    const running = work(abort.signal);
    finished = running.catch(() => undefined);
    const value = await running;
    return stoppedBy ? { value, signal: stoppedBy } : { value };
  } finally {
    unregister();
  }
}

/** The exit code of a command whose work may have been cancelled: the signal's code when it was. */
export function cancelledExitCode(run: CancellableRun<unknown>, otherwise: number): number {
  return run.signal ? signalExitCode(run.signal) : otherwise;
}
