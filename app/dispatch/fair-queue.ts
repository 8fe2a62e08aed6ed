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
  /** How many queued items `shift` would hand out before an item pushed now for `owner`. */
  aheadOf(owner: string): number;
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
      const pick = nextOwner(lines.keys(), served);
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
    aheadOf(owner) {
      // Serves counts, not items, in the same turns as `shift`, until the new item's turn comes.
      const left = new Map([...lines].map(([o, line]) => [o, line.length]));
      left.set(owner, (left.get(owner) ?? 0) + 1);
      const last = new Map(served);
      let ahead = 0;
      for (let t = turn; ; t++) {
        const pick = nextOwner(left.keys(), last) as string;
        const count = left.get(pick) as number;
        if (pick === owner && count === 1) return ahead;
        if (count === 1) left.delete(pick);
        else left.set(pick, count - 1);
        last.set(pick, t);
        ahead++;
      }
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

/** The owner served longest ago (never served first; ties go to the line that formed first). */
function nextOwner(owners: Iterable<string>, served: Map<string, number>): string | undefined {
  let pick: string | undefined;
  for (const owner of owners) if (pick === undefined || (served.get(owner) ?? -1) < (served.get(pick) ?? -1)) pick = owner;
  return pick;
}
