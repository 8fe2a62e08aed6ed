import type { Background } from './background.js';
import type { RepositoryPayload } from './payload.js';

/** One event asking for a follow-up on a Loki pull request. */
export interface FollowUpRequest {
  installationId: number;
  repository: RepositoryPayload;
  pullNumber: number;
  issueNumber: number;
  trigger: { kind: 'review' | 'comment' | 'command' | 'ci'; url: string; by: string };
  /** A submitted review's own text (changes requested without inline comments still say what to change). */
  review?: { author: string; body: string; url: string };
  /** The commit a CI failure was reported on. */
  headSha?: string;
}

/** Review and CI events of one pull request arriving within this many ms of each other make one follow-up. */
export const DEFAULT_FOLLOW_UP_DELAY_MS = 10_000;

export type FollowUpStart = 'started' | 'busy' | 'nothing';

export interface FollowUpQueue {
  /** Joins the request to the pending follow-up of its pull request, or opens one that starts after the delay. */
  add(key: string, request: FollowUpRequest): void;
  /** Drops a pending follow-up (`/loki stop` before it started); true when there was one. */
  drop(key: string): boolean;
  pending(key: string): boolean;
  close(): void;
}

/** How long a busy pull request's follow-up waits for the running job, in delays, before it is dropped. */
const MAX_WAITS = 360;

/**
 * Coalesces the events of one pull request: the first opens a window of `delayMs`, later ones join
 * it, and when it closes one follow-up starts for all of them (it reads the threads as they are
 * then). While a job of the issue still runs, the window opens again, so nothing is lost and
 * nothing starts twice.
 */
export function createFollowUpQueue(delayMs: number, background: Background, start: (requests: FollowUpRequest[]) => Promise<FollowUpStart>): FollowUpQueue {
  const windows = new Map<string, { requests: FollowUpRequest[]; timer: NodeJS.Timeout; waits: number }>();
  const open = (key: string, requests: FollowUpRequest[], waits: number) => {
    const timer = setTimeout(() => {
      windows.delete(key);
      background.run(`follow-up ${key}`, async () => {
        const result = await start(requests);
        if (result !== 'busy' || waits >= MAX_WAITS) return;
        const joined = windows.get(key);
        if (joined) joined.requests.unshift(...requests);
        else open(key, requests, waits + 1);
      });
    }, delayMs);
    timer.unref();
    windows.set(key, { requests, timer, waits });
  };
  return {
    add(key, request) {
      const window = windows.get(key);
      if (window) window.requests.push(request);
      else open(key, [request], 0);
    },
    drop(key) {
      const window = windows.get(key);
      if (!window) return false;
      clearTimeout(window.timer);
      windows.delete(key);
      return true;
    },
    pending: (key) => windows.has(key),
    close() {
      for (const w of windows.values()) clearTimeout(w.timer);
      windows.clear();
    },
  };
}
