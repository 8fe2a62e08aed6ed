import { existsSync, lstatSync, mkdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { withHeadCheckout } from '../../../gates/verify/head-checkout.js';
import { createTempRepo, type TempRepo } from '../../support/temp-repo.js';

const LOCK = JSON.stringify({ name: 'demo', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'demo', version: '1.0.0' } } });

let repo: TempRepo | undefined;
afterEach(() => repo?.remove());

function nodeProject(): { r: TempRepo; head: string } {
  repo = createTempRepo({ 'package.json': '{"name":"demo","version":"1.0.0"}\n', 'package-lock.json': LOCK, '.gitignore': 'node_modules\n', 'src/a.js': 'exports.a = 1;\n' });
  mkdirSync(join(repo.dir, 'node_modules/helper'), { recursive: true });
  writeFileSync(join(repo.dir, 'node_modules/helper/index.js'), 'module.exports = 42;\n');
  return { r: repo, head: repo.git('rev-parse', 'HEAD').trim() };
}

const worktrees = (r: TempRepo) => r.git('worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree '));

describe('withHeadCheckout', () => {
  it('works in the checkout itself when it is clean and at the head commit', async () => {
    const { r, head } = nodeProject();
    const seen = await withHeadCheckout(r.dir, head, defaultConfig(), async (dir, tree) => ({ dir, tree }));
    expect(seen).toEqual({ dir: r.dir, tree: { checked_out: 'in-place', dirty_paths: [], dirty_count: 0 } });
  });

  it("uses a clean worktree of the commit when the checkout is dirty, sharing node_modules when the lockfile is the same, and removes it after", async () => {
    const { r, head } = nodeProject();
    r.write({ 'src/a.js': 'exports.a = 2;\n', 'src/new.js': 'x\n' });
    const seen = await withHeadCheckout(r.dir, head, defaultConfig(), async (dir, tree) => {
      expect(dir).not.toBe(r.dir);
      expect(lstatSync(join(dir, 'node_modules')).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(dir, 'node_modules'))).toBe(join(r.dir, 'node_modules'));
      expect(existsSync(join(dir, 'src/new.js'))).toBe(false);
      return { dir, tree };
    });
    expect(seen.tree).toEqual({ checked_out: 'clean-worktree', dirty_paths: ['src/a.js', 'src/new.js'], dirty_count: 2 });
    expect(existsSync(seen.dir)).toBe(false);
    expect(worktrees(r)).toHaveLength(1);
  });

  it('does not share node_modules installed for a lockfile the commit does not have', async () => {
    const { r, head } = nodeProject();
    r.write({ 'package-lock.json': LOCK.replace('"1.0.0"', '"1.0.1"') });
    await withHeadCheckout(r.dir, head, defaultConfig(), async (dir) => {
      expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    });
  });
});
