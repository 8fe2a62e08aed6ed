import { onShutdown } from '../gates/core/live-processes.js';

/**
 * Runs long work (a build) so that Ctrl-C or SIGTERM (a `/loki stop`, a cancelled Actions run)
 * cancels it cleanly: the work's signal aborts, it gets the shutdown grace period to push what it
 * has and complete its check run, and only then does the process exit.
 */
export async function runCancellable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  let finished: Promise<unknown> = Promise.resolve();
  const unregister = onShutdown(async () => {
    process.stderr.write('\nloki: stopping — saving the work and reporting (press Ctrl-C again to quit at once)\n');
    abort.abort();
    await finished;
  });
  try {
    const running = work(abort.signal);
    finished = running.catch(() => undefined);
    return await running;
  } finally {
    unregister();
  }
}
