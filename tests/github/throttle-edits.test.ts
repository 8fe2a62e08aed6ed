import { describe, expect, it } from 'vitest';
import { createEditThrottle } from '../../github/throttle-edits.js';

describe('createEditThrottle', () => {
  it('writes the first edit at once and coalesces a burst into the latest one', async () => {
    const throttle = createEditThrottle(150);
    const written: string[] = [];
    const edit = (body: string) => throttle.edit('c1', async () => void written.push(body));
    await edit('first');
    expect(written).toEqual(['first']);
    const burst = [edit('second'), edit('third'), edit('fourth')];
    expect(written).toEqual(['first']);
    await Promise.all(burst);
    expect(written).toEqual(['first', 'fourth']);
  });

  it('does not hold back edits of different comments, and passes a failure to every waiter', async () => {
    const throttle = createEditThrottle(10_000);
    const written: string[] = [];
    await throttle.edit('a', async () => void written.push('a'));
    await throttle.edit('b', async () => void written.push('b'));
    expect(written).toEqual(['a', 'b']);
    const fast = createEditThrottle(20);
    await fast.edit('x', async () => undefined);
    const failing = Promise.all([fast.edit('x', async () => undefined), fast.edit('x', async () => Promise.reject(new Error('HTTP 502')))]);
    await expect(failing).rejects.toThrow('HTTP 502');
  });
});
