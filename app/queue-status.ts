import type { Dispatcher } from './dispatch/dispatcher.js';

/**
 * A new job's place, for its status comment: "starting" when a runner slot is free, else "queued,
 * 3 ahead of you (2 of 2 runner slots busy)" (round-robin across installations, so the count is
 * what this installation waits behind, not every backlog). The Actions dispatcher hands jobs to
 * GitHub's own queue: just "queued".
 */
export function queueStatus(dispatcher: Dispatcher, installationId: number): string {
  const wait = dispatcher.waitFor?.(installationId);
  if (!wait) return 'queued';
  if (wait.busy < wait.slots) return 'starting';
  const slots = `${wait.busy} of ${wait.slots} runner slot${wait.slots === 1 ? '' : 's'} busy`;
  return wait.ahead === 0 ? `queued, next in line (${slots})` : `queued, ${wait.ahead} ahead of you (${slots})`;
}
