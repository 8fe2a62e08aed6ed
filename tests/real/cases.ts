import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RealManifestSchema, type RealCase, type RealManifest, type RealRepo } from './manifest-schema.js';

/**
 * The real-repository cases as `npm run test:real` and `npm run bench real` use them: the manifest,
 * whether a repository's tools are here, and a fresh clone of a case's head from its bundle.
 */
const here = import.meta.dirname;

export function readRealManifest(): RealManifest {
  return RealManifestSchema.parse(JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8')));
}

/** How to tell a needed tool is there: `<tool> --version`, or pytest as python3's module. */
const PROBES: Record<string, readonly [string, string[]]> = { pytest: ['python3', ['-m', 'pytest', '--version']] };

export function missingTools(needs: readonly string[]): string[] {
  return needs.filter((tool) => {
    const [file, args] = PROBES[tool] ?? [tool, ['--version']];
    return spawnSync(file, args, { stdio: 'ignore' }).status !== 0;
  });
}

/** Clones the repository's bundle into `dir` (which must not exist) with the case's head checked out, as a user's fresh clone. */
export function cloneCase(repo: RealRepo, c: RealCase, dir: string): void {
  execFileSync('git', ['clone', '-q', '--no-checkout', join(here, repo.bundle), dir]);
  execFileSync('git', ['checkout', '-q', '--detach', c.head], { cwd: dir });
}
