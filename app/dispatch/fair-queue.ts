/**
 * A queue that is fair between owners (installations): each owner has its own FIFO line, and
 * `shift` takes from the lines in turn. One repository's flood of `synchronize` events queues
 * behind itself, never in front of another installation's next job.
 */
export interface FairQueue<T> {
  push(item: T): void;
  /** The next item, round-robin across owners; undefined when empty. */
  shift(): T | undefined;
  /** Takes out the first item matching, wherever it is. */
  remove(match: (item: T) => boolean): T | undefined;
  some(match: (item: T) => boolean): boolean;
  /** Every queued item, each owner's line in order. */
  items(): T[];
  readonly size: number;
  clear(): void;
}

export function createFairQueue<T>(ownerOf: (item: T) => string): FairQueue<T> {
  const lines = new Map<string, T[]>();
  // When each owner was last served: the next item is the one of the owner served longest ago.
  const served = new Map<string, number>();
  let turn = 0;
  let size = 0;
  return {
    push(item) {
      const owner = ownerOf(item);
      const line = lines.get(owner);
      if (line) line.push(item);
      else lines.set(owner, [item]);
      size++;
    },
    shift() {
      let pick: string | undefined;
      for (const owner of lines.keys()) if (pick === undefined || (served.get(owner) ?? -1) < (served.get(pick) ?? -1)) pick = owner;
      if (pick === undefined) return undefined;
      const line = lines.get(pick) as T[];
      const item = line.shift() as T;
      if (line.length === 0) lines.delete(pick);
      served.set(pick, turn++);
      size--;
      return item;
    },
    remove(match) {
      for (const [owner, line] of lines) {
        const index = line.findIndex(match);
        if (index < 0) continue;
        const [item] = line.splice(index, 1);
        if (line.length === 0) lines.delete(owner);
        size--;
        return item;
      }
      return undefined;
    },
    some: (match) => [...lines.values()].some((line) => line.some(match)),
    items: () => [...lines.values()].flat(),
    get size() {
      return size;
    },
    clear() {
      lines.clear();
      size = 0;
    },
  };
}
