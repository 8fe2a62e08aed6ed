import { describe, expect, it } from 'vitest';
import { decideStop, type CapState } from '../../../runner/loop/decide-stop.js';

const base: CapState = { iterations: 1, maxIterations: 5, elapsedMs: 1_000, maxMinutes: 10, costUsd: 1, budgetUsd: 5, signatures: ['a'], stuckAfter: 3 };

describe('decideStop', () => {
  it('lets the next iteration start while every cap has room', () => {
    expect(decideStop(base)).toBeUndefined();
  });

  it('stops at each cap, saying which', () => {
    expect(decideStop({ ...base, iterations: 5 })).toEqual({ status: 'capped', reason: 'reached the iteration cap (5)' });
    expect(decideStop({ ...base, elapsedMs: 10 * 60_000 })?.reason).toMatch(/time cap \(10 min\)/);
    expect(decideStop({ ...base, costUsd: 5.2 })?.reason).toMatch(/budget cap \(\$5\.00; spent \$5\.20\)/);
  });

  it('a zero budget still lets a free provider run, but not a paid one', () => {
    expect(decideStop({ ...base, budgetUsd: 0, costUsd: 0 })).toBeUndefined();
    expect(decideStop({ ...base, budgetUsd: 0, costUsd: 0.01 })?.status).toBe('capped');
  });

  it('stops as stuck when the same failure repeats stuck_after times in a row', () => {
    expect(decideStop({ ...base, signatures: ['x', 'x'] })).toBeUndefined();
    expect(decideStop({ ...base, signatures: ['x', 'y', 'x'] })).toBeUndefined();
    expect(decideStop({ ...base, signatures: ['y', 'x', 'x', 'x'] })).toEqual({ status: 'stuck', reason: 'stuck: the same failure repeated 3 times in a row' });
  });
});
