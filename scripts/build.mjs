#!/usr/bin/env node
// Bundles the CLI (dist/cli/, not committed: `npm ci` runs this through `prepare`) and the
// Action (dist/action.js, committed because `uses: owner/repo@v1` runs it without installing).
// Usage: node scripts/build.mjs [--cli] [--action] [--outdir DIR]   (default: both)
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { cli: { type: 'boolean' }, action: { type: 'boolean' }, outdir: { type: 'string' } } });
const both = !values.cli && !values.action;
const outdir = values.outdir ?? join(root, 'dist');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

const common = {
  platform: 'node',
  target: 'node20',
  format: 'esm',
  bundle: true,
  legalComments: 'none',
  logLevel: 'warning',
  define: { __LOKI_VERSION__: JSON.stringify(version) },
};

if (both || values.cli) {
  await build({
    ...common,
    entryPoints: { loki: join(root, 'cli/loki.ts') },
    outdir: join(outdir, 'cli'),
    // Installed with npm, so dependencies stay in node_modules; commands load lazily as chunks.
    packages: 'external',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  });
}

if (both || values.action) {
  await build({
    ...common,
    entryPoints: [join(root, 'action/main.ts')],
    outfile: join(outdir, 'action.js'),
    // The bundle names every module by its path; keep the path as seen from the checkout, so a
    // worktree whose node_modules is a symlink builds byte-for-byte the same file.
    absWorkingDir: root,
    preserveSymlinks: true,
    // Everything inlined: a `uses:` step runs the file straight from the checkout.
    banner: { js: "import { createRequire as __lokiCreateRequire } from 'node:module'; const require = __lokiCreateRequire(import.meta.url);" },
  });
}
