import { describe, expect, it } from 'vitest';
import { createFairQueue } from '../../../app/dispatch/fair-queue.js';

type Item = { owner: string; n: number };
const drain = (q: ReturnType<typeof createFairQueue<Item>>) => {
  const out: string[] = [];
  for (let item = q.shift(); item; item = q.shift()) out.push(`${item.owner}${item.n}`);
  return out;
};

describe('the fair queue', () => {
  it('serves installations in turn: a new installation waits behind one job of each other line, not their whole backlog', () => {
    const q = createFairQueue<Item>((i) => i.owner);
    for (let n = 1; n <= 5; n++) q.push({ owner: 'a', n });
    q.push({ owner: 'b', n: 1 });
    expect(q.shift()).toEqual({ owner: 'a', n: 1 });
    q.push({ owner: 'c', n: 1 });
    expect(drain(q)).toEqual(['b1', 'c1', 'a2', 'a3', 'a4', 'a5']);
  });

  it("aheadOf is the new item's place in the order shift then hands items out, for any mix of lines", () => {
    // A deterministic pseudo-random walk of pushes and shifts. After each step, every owner's count
    // (lines that exist and lines that do not) is checked against the real order: a twin queue built
    // by the same steps, the new item pushed, then drained up to it.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const owners = ['a', 'b', 'c', 'd'];
    const q = createFairQueue<Item>((i) => i.owner);
    const steps: Array<Item | 'shift'> = [];
    for (let step = 0; step < 200; step++) {
      if (random() < 0.6 || q.size === 0) {
        const item = { owner: owners[Math.floor(random() * owners.length)]!, n: step };
        q.push(item);
        steps.push(item);
      } else {
        q.shift();
        steps.push('shift');
      }
      for (const owner of owners) {
        const twin = createFairQueue<Item>((i) => i.owner);
        for (const s of steps) if (s === 'shift') twin.shift();
        else twin.push(s);
        const probe = { owner, n: -1 };
        twin.push(probe);
        let ahead = 0;
        while (twin.shift() !== probe) ahead++;
        expect(q.aheadOf(owner), `step ${step}, owner ${owner}`).toBe(ahead);
      }
    }
  });
});
