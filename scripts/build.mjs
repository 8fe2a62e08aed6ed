#!/usr/bin/env node
// Bundles the CLI (dist/cli/, not committed: `npm ci` runs this through `prepare`) and the
// Action (dist/action.js, committed because `uses: owner/repo@v1` runs it without installing).
// Usage: node scripts/build.mjs [--cli] [--action] [--outdir DIR]   (default: both)
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { cli: { type: 'boolean' }, action: { type: 'boolean' }, outdir: { type: 'string' } } });
const both = !values.cli && !values.action;
const outdir = values.outdir ?? join(root, 'dist');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

/** Bundled CommonJS packages call require() for Node's built-ins; an ES module has none of its own. */
const REQUIRE_SHIM = "import { createRequire as __lokiCreateRequire } from 'node:module'; const require = __lokiCreateRequire(import.meta.url);";

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
  // Chunk names carry a hash: without this, every build would leave the previous chunks behind.
  rmSync(join(outdir, 'cli'), { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: { loki: join(root, 'cli/loki.ts') },
    outdir: join(outdir, 'cli'),
    // The engine's dependencies are bundled: loaded from node_modules they were 441 files, and
    // `loki verify --help` took 0.49 s against 0.38 s bundled (bench/startup.ts). The GitHub stack
    // (probot, octokit, pino, Actions toolkit) stays in node_modules, where Probot's own copies live:
    // one copy of each, so its classes and errors are the same ones ours check. Commands load lazily
    // as chunks.
    external: ['probot', '@probot/*', 'pino', 'pino-*', 'smee-client', 'prom-client', '@octokit/*', '@actions/*'],
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: REQUIRE_SHIM },
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
    banner: { js: REQUIRE_SHIM },
  });
}
