import { describe, expect, it } from 'vitest';
import { createDeliveryCache } from '../../app/dedupe-deliveries.js';

describe('createDeliveryCache', () => {
  it('lets an id through once within the TTL, and again after it expires', () => {
    let now = 1_000;
    const cache = createDeliveryCache(500, 100, () => now);
    expect(cache.firstSight('a')).toBe(true);
    expect(cache.firstSight('a')).toBe(false);
    expect(cache.firstSight('b')).toBe(true);
    now += 501;
    expect(cache.firstSight('a')).toBe(true);
  });

  it('keeps at most maxEntries ids, forgetting the oldest', () => {
    const cache = createDeliveryCache(60_000, 2, () => 0);
    cache.firstSight('1');
    cache.firstSight('2');
    cache.firstSight('3');
    expect(cache.firstSight('3')).toBe(false);
    expect(cache.firstSight('1')).toBe(true);
  });
});
