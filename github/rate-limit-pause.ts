/**
 * GitHub's answer to a secondary rate limit (403 or 429 with `retry-after`) asks the client to stop
 * for that long, not only to send that one request again later: requests sent meanwhile count
 * against the limit and prolong it. The throttling plugin waits out the limited request only, so
 * the clients' `fetch` holds every other request of the same installation (or client) until the
 * pause is over. It sits under the throttling plugin's queues, at the moment a request leaves: a
 * write already queued when the limit came is held too. Other installations are not held: one busy
 * organisation's limit never stalls another's builds.
 *
 * The pauses are per process: GitHub counts the limit per installation token, whichever client of
 * the process sent the request.
 */
export type PauseKey = string | object;

const pausedUntil = new Map<PauseKey, number>();

/** The key of an installation's requests (Probot's throttle id is the installation id). */
export function installationPauseKey(throttleId: unknown): PauseKey {
  return typeof throttleId === 'string' && throttleId !== '' ? `installation:${throttleId}` : {};
}

/** Holds the requests under `key` for `seconds` from now (a longer pause already set wins). */
export function pauseRequests(key: PauseKey, seconds: number): void {
  if (!(seconds > 0)) return;
  const until = Date.now() + seconds * 1000;
  if ((pausedUntil.get(key) ?? 0) < until) pausedUntil.set(key, until);
}

/** `fetch` (the given one, else the global one at the time of the request) that first waits until the pause under `key` is over. */
export function pausingFetch(key: PauseKey, fetch?: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    await waitForPause(key);
    return (fetch ?? globalThis.fetch)(input, init);
  };
}

async function waitForPause(key: PauseKey): Promise<void> {
  for (;;) {
    const until = pausedUntil.get(key);
    const left = until === undefined ? 0 : until - Date.now();
    if (left <= 0) {
      if (until !== undefined) pausedUntil.delete(key);
      return;
    }
    // Again after the wait: another limit may have pushed the pause further meanwhile.
    await new Promise((resolve) => setTimeout(resolve, left));
  }
}
