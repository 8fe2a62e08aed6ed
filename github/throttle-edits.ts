/**
 * Spaces out edits of the same comment: GitHub's secondary limits count content writes, and a
 * status comment edited on every progress tick would hit them. Edits that arrive too soon are
 * coalesced: only the latest one is written, once the interval has passed.
 */
export interface EditThrottle {
  /** Resolves when this edit (or a later one that replaced it) has been written. */
  edit(key: string, write: () => Promise<void>): Promise<void>;
}

interface Slot {
  lastAt: number;
  pending?: { write: () => Promise<void>; waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> };
  timer?: NodeJS.Timeout;
}

export function createEditThrottle(minIntervalMs: number): EditThrottle {
  const slots = new Map<string, Slot>();

  const flush = async (key: string, slot: Slot) => {
    slot.timer = undefined;
    const pending = slot.pending;
    slot.pending = undefined;
    if (!pending) return;
    slot.lastAt = Date.now();
    try {
      await pending.write();
      for (const w of pending.waiters) w.resolve();
    } catch (error) {
      for (const w of pending.waiters) w.reject(error);
    }
    if (!slot.pending && !slot.timer) setTimeout(() => !slots.get(key)?.pending && slots.delete(key), minIntervalMs).unref();
  };

  return {
    edit(key, write) {
      const slot = slots.get(key) ?? { lastAt: 0 };
      slots.set(key, slot);
      return new Promise<void>((resolve, reject) => {
        const waiters = [...(slot.pending?.waiters ?? []), { resolve, reject }];
        slot.pending = { write, waiters };
        if (slot.timer) return;
        const wait = Math.max(0, slot.lastAt + minIntervalMs - Date.now());
        slot.timer = setTimeout(() => void flush(key, slot), wait);
      });
    },
  };
}
