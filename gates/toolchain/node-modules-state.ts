import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** Whether node_modules holds what package.json and the lockfile ask for, and if not, why. */
export type NodeModulesState = { installed: true } | { installed: false; why: string };

const InstalledPackageSchema = z.looseObject({ version: z.string().optional() });
const PackageLockSchema = z.looseObject({
  lockfileVersion: z.number().optional(),
  packages: z.record(z.string(), z.looseObject({ version: z.string().optional(), link: z.boolean().optional() })).optional(),
});

/** How many direct dependencies to look at (one stat and one small read each); past that, install again rather than trust. */
const MAX_CHECKED = 400;

/**
 * A folder called node_modules is not an install: it may be empty (a failed install), lack a
 * dependency the change added, or hold versions from before the change moved the lockfile. Every
 * direct dependency must be there, and — with an npm lockfile (v2/v3) — at the version it pins.
 */
export function nodeModulesState(root: string, direct: readonly string[], lockfile: string | undefined): NodeModulesState {
  const modules = join(root, 'node_modules');
  if (!existsSync(modules)) return { installed: false, why: 'node_modules is missing' };
  if (direct.length === 0) return { installed: true };
  if (readdirSync(modules).filter((n) => !n.startsWith('.')).length === 0) return { installed: false, why: 'node_modules is empty (a failed or interrupted install?)' };
  if (direct.length > MAX_CHECKED) return { installed: false, why: `package.json declares ${direct.length} direct dependencies, more than the ${MAX_CHECKED} Loki checks one by one: installed again rather than trusted` };
  const pinned = lockfile === 'package-lock.json' || lockfile === 'npm-shrinkwrap.json' ? pinnedVersions(join(root, lockfile)) : undefined;
  for (const name of direct) {
    const manifest = join(modules, name, 'package.json');
    if (!existsSync(manifest)) return { installed: false, why: `node_modules lacks ${name}, which package.json declares` };
    const want = pinned?.get(name);
    if (want === undefined) continue;
    const have = installedVersion(manifest);
    if (have !== undefined && have !== want) return { installed: false, why: `node_modules has ${name}@${have}, but ${lockfile} pins ${want}` };
  }
  return { installed: true };
}

function pinnedVersions(path: string): Map<string, string> | undefined {
  const lock = PackageLockSchema.safeParse(parseJson(path));
  if (!lock.success || !lock.data.packages) return undefined;
  const pinned = new Map<string, string>();
  for (const [key, entry] of Object.entries(lock.data.packages)) {
    if (!key.startsWith('node_modules/') || key.indexOf('/node_modules/', 1) >= 0 || entry.link || !entry.version) continue;
    pinned.set(key.slice('node_modules/'.length), entry.version);
  }
  return pinned;
}

function installedVersion(manifest: string): string | undefined {
  const parsed = InstalledPackageSchema.safeParse(parseJson(manifest));
  return parsed.success ? parsed.data.version : undefined;
}

function parseJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
