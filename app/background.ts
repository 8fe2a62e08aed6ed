/**
 * Work that runs after a webhook has been acknowledged. Tracked so a failure is logged (never an
 * unhandled rejection) and so tests and shutdown can wait for it.
 */
export interface Background {
  run(label: string, work: () => Promise<void>): void;
  idle(): Promise<void>;
}

export interface BackgroundLog {
  error(details: Record<string, unknown>, message: string): void;
}

export function createBackground(log: BackgroundLog): Background {
  const pending = new Set<Promise<void>>();
  return {
    run(label, work) {
      const task = Promise.resolve()
        .then(work)
        .catch((error: unknown) => log.error({ err: error, task: label }, `background task failed: ${label}`))
        .finally(() => pending.delete(task));
      pending.add(task);
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
