import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeModulesState } from '../../../gates/toolchain/node-modules-state.js';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

/** node_modules holding every one of `names` (version 1.0.0). */
function installed(names: string[]): string {
  dir = mkdtempSync(join(tmpdir(), 'loki-nm-'));
  for (const name of names) {
    mkdirSync(join(dir, 'node_modules', name), { recursive: true });
    writeFileSync(join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
  }
  return dir;
}

describe('nodeModulesState', () => {
  it('past the dependencies it checks one by one, it says so and installs again rather than trust the folder', () => {
    const names = Array.from({ length: 450 }, (_, i) => `dep-${i}`);
    const root = installed(names.slice(0, 449));
    // The one missing dependency sits past the first 400: a silent cap would call this installed.
    expect(nodeModulesState(root, names, undefined)).toEqual({ installed: false, why: expect.stringContaining('450 direct dependencies, more than the 400') });
  });

  it('every declared dependency present: installed', () => {
    const names = Array.from({ length: 30 }, (_, i) => `dep-${i}`);
    expect(nodeModulesState(installed(names), names, undefined)).toEqual({ installed: true });
  });
});
