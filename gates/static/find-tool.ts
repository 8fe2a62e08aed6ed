import { access, constants } from 'node:fs/promises';
import { delimiter, dirname, join, relative, sep } from 'node:path';

/** The project's own copy of a tool: node_modules/.bin/NAME in DIR or a parent, up to the root. */
export async function findLocalBin(root: string, dir: string, name: string): Promise<string | undefined> {
  let current = dir;
  for (;;) {
    const candidate = join(current, 'node_modules', '.bin', name);
    if (await isExecutable(candidate)) return candidate;
    if (current === root || relative(root, current).startsWith('..') || dirname(current) === current) return undefined;
    current = dirname(current);
  }
}

/** A tool on PATH (ruff, flake8, go, cargo, python3), or undefined. */
export async function findOnPath(name: string, path = process.env.PATH ?? ''): Promise<string | undefined> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = dir + sep + name;
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first of NAMES that exists in DIR. */
export async function firstExisting(dir: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) if (await exists(join(dir, name))) return name;
  return undefined;
}
