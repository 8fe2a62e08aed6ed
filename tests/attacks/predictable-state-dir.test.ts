import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultStateDir, preparePrivateDir } from '../../app/state-dir.js';

/**
 * Attack: another local user creates /tmp/loki-app-<APP_ID> before the App starts (or reads it
 * after): the App's job and token files land in a folder the attacker owns. The default used to be
 * exactly that predictable path.
 */
describe('attack: the App state folder at a predictable /tmp path', () => {
  it('defaults to a private folder under the state home, never under /tmp', () => {
    const dir = defaultStateDir({ HOME: '/home/op' }, '4242');
    expect(dir).toBe('/home/op/.local/state/loki/app-4242');
    expect(dir.startsWith(tmpdir())).toBe(false);
    expect(defaultStateDir({ HOME: '/home/op', XDG_STATE_HOME: '/var/lib/op' }, '7')).toBe('/var/lib/op/loki/app-7');
  });

  it('makes it 0700 even when it already existed with looser bits', async () => {
    const root = mkdtempSync(join(tmpdir(), 'loki-state-attack-'));
    try {
      const dir = join(root, 'state');
      mkdirSync(dir, { mode: 0o777 });
      chmodSync(dir, 0o777);
      await preparePrivateDir(dir);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
