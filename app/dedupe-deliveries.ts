/**
 * Remembers webhook delivery ids for a while. GitHub sends the same `X-GitHub-Delivery` on a
 * redelivery, so a second sight of an id is dropped. In memory is enough: the state that matters
 * (check runs, the sticky comment, the branch) lives in GitHub.
 */
export interface DeliveryCache {
  /** True the first time an id is seen within the TTL, false afterwards. */
  firstSight(deliveryId: string): boolean;
}

export function createDeliveryCache(ttlMs = 24 * 60 * 60 * 1000, maxEntries = 50_000, now: () => number = Date.now): DeliveryCache {
  const seen = new Map<string, number>();
  const evict = (at: number) => {
    for (const [id, expires] of seen) {
      // Insertion order is arrival order, so the first live entry ends the sweep.
      if (expires > at && seen.size <= maxEntries) break;
      seen.delete(id);
    }
  };
  return {
    firstSight(deliveryId) {
      const at = now();
      evict(at);
      const expires = seen.get(deliveryId);
      if (expires !== undefined && expires > at) return false;
      seen.set(deliveryId, at + ttlMs);
      return true;
    },
  };
}
