import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockedInstallCache } from '../../../gates/toolchain/npm-cache.js';
import { configCommand, detectedCommand } from '../../../gates/toolchain/tool-command.js';

const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('lockedInstallCache', () => {
  it('gives `npm ci` a cache of Loki’s own that outlives the run (0700), and nothing to an unlocked or configured install', () => {
    const root = mkdtempSync(join(tmpdir(), 'loki-cache-'));
    made.push(root);
    const cache = lockedInstallCache(detectedCommand('npm', ['ci']), { XDG_CACHE_HOME: root });
    expect(cache).toMatchObject({ env: { npm_config_cache: join(root, 'loki/npm') }, writable: [join(root, 'loki/npm')] });
    expect(statSync(join(root, 'loki/npm')).mode & 0o777).toBe(0o700);
    // Attack: a package planted where a later install script's `npx foo` would run it; the checked content stays.
    mkdirSync(join(root, 'loki/npm/_npx/0123/node_modules/foo'), { recursive: true });
    mkdirSync(join(root, 'loki/npm/_cacache/content-v2'), { recursive: true });
    writeFileSync(join(root, 'loki/npm/_cacache/content-v2/blob'), 'x');
    cache!.scrub();
    expect(existsSync(join(root, 'loki/npm/_npx'))).toBe(false);
    expect(existsSync(join(root, 'loki/npm/_cacache/content-v2/blob'))).toBe(true);
    // Without a lockfile, versions come from cached metadata an earlier repository could have written.
    expect(lockedInstallCache(detectedCommand('npm', ['install', '--no-package-lock']), { XDG_CACHE_HOME: root })).toBeUndefined();
    expect(lockedInstallCache(configCommand('npm ci'), { XDG_CACHE_HOME: root })).toBeUndefined();
    expect(lockedInstallCache(detectedCommand('pnpm', ['install', '--frozen-lockfile']), { XDG_CACHE_HOME: root })).toBeUndefined();
  });
});
