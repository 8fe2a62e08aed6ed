import { describe, expect, it } from 'vitest';
import { createInstallationClients } from '../../app/installation-clients.js';

describe('createInstallationClients', () => {
  it('authenticates each installation once and hands every caller the same client', async () => {
    const calls: number[] = [];
    const clientFor = createInstallationClients(async (id) => {
      calls.push(id);
      return { id };
    });
    const [a, b, c] = await Promise.all([clientFor(1), clientFor(1), clientFor(2)]);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(await clientFor(1)).toBe(a);
    expect(calls).toEqual([1, 2]);
  });

  it('does not keep a failed authentication: the next call tries again', async () => {
    let attempts = 0;
    const clientFor = createInstallationClients(async () => {
      attempts++;
      if (attempts === 1) throw new Error('GitHub is down');
      return { ok: true };
    });
    await expect(clientFor(7)).rejects.toThrow('GitHub is down');
    await expect(clientFor(7)).resolves.toEqual({ ok: true });
    expect(attempts).toBe(2);
  });
});
