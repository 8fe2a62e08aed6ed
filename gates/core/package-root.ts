import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding Loki's package.json, found from this module's location. Works from the
 * sources (tests, tsx), the CLI bundle in dist/cli and the Action bundle in dist/.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'loki') return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the loki package root');
    dir = parent;
  }
}

declare const __LOKI_VERSION__: string | undefined;

/** Loki's version: inlined into bundles at build time, read from package.json otherwise. */
export function lokiVersion(): string {
  if (typeof __LOKI_VERSION__ === 'string') return __LOKI_VERSION__;
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version as string;
}
