import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTokenFile } from '../../../app/dispatch/token-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('startTokenFile', () => {
  it('writes a 0600 token file and renews it before the token expires, then removes it', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'loki-tokens-'));
    dirs.push(parent);
    let n = 0;
    // Tokens that expire 10 minutes + 0.2 s from now: the renewal is due almost at once (floored at 1 s).
    const mint = async () => ({ token: `ghs_${++n}`, expiresAt: new Date(Date.now() + 10 * 60_000 + 200) });
    const file = await startTokenFile(parent, mint, (e) => {
      throw e;
    });
    expect(readFileSync(file.path, 'utf8')).toBe('ghs_1');
    expect((statSync(file.path).mode & 0o777).toString(8)).toBe('600');
    await new Promise((r) => setTimeout(r, 1_300));
    expect(readFileSync(file.path, 'utf8')).toBe('ghs_2');
    await file.stop();
    expect(existsSync(file.path)).toBe(false);
  });
});
