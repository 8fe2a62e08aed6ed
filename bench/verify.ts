// Verify's wall time against running the same build and tests directly, on a generated project
// whose build and tests take seconds. Goal: within 1.2×. Prints, never asserts.
// Standalone: npx tsx bench/verify.ts
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../gates/core/package-root.js';
import { runVerify } from '../gates/verify/run-verify.js';
import { median, printTable } from './measure.js';

const ROUNDS = 3;

export async function benchVerify(): Promise<void> {
  const dir = generateProject();
  try {
    const cli = join(packageRoot(), 'dist/cli/loki.js');
    const useCli = existsSync(cli) && cliVerifyWorks(cli, dir);
    const direct: number[] = [];
    const verify: number[] = [];
    // Interleaved so that a busy machine slows both sides alike.
    for (let i = 0; i < ROUNDS; i++) {
      direct.push(time(() => runDirect(dir)));
      verify.push(useCli ? time(() => runCli(cli, dir)) : await timeAsync(() => runInProcess(dir)));
    }
    const d = median(direct);
    const v = median(verify);
    printTable(`verify vs direct build+tests (median of ${ROUNDS}, generated node project)`, [
      ['direct: npm run build && npm test', `${ms(d)}  (runs: ${direct.map(ms).join(', ')})`],
      [useCli ? 'loki verify --gates diff,build,tests' : 'runVerify (in-process; CLI bundle unavailable)', `${ms(v)}  (runs: ${verify.map(ms).join(', ')})`],
      ['ratio (goal ≤ 1.20×)', `${(v / d).toFixed(2)}×`],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A dependency-free npm project: a ~1.5 s build and three test files of ~1 s each. */
function generateProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loki-bench-verify-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('package.json', JSON.stringify({ name: 'bench', version: '1.0.0', private: true, scripts: { build: 'node build.js', test: 'node --test' } }, null, 2));
  write('package-lock.json', JSON.stringify({ name: 'bench', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'bench', version: '1.0.0' } } }));
  write('.gitignore', 'dist\nnode_modules\n');
  write('build.js', "setTimeout(() => { require('node:fs').mkdirSync('dist', { recursive: true }); require('node:fs').writeFileSync('dist/out.js', '1'); }, 1500);\n");
  for (const n of [1, 2, 3]) {
    write(`test/t${n}.test.js`, `const test = require('node:test');\nconst assert = require('node:assert');\nfor (let i = 0; i < 4; i++) test('case ' + i, async () => { await new Promise((r) => setTimeout(r, 250)); assert.ok(true); });\n`);
  }
  // node_modules present (as after an install) so neither side pays for npm ci.
  mkdirSync(join(dir, 'node_modules'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=b@example.com', '-c', 'user.name=bench', 'commit', '-q', '--allow-empty', '-m', 'empty');
  git('add', '-A');
  git('checkout', '-q', '-b', 'feature');
  git('-c', 'user.email=b@example.com', '-c', 'user.name=bench', 'commit', '-q', '-m', 'project');
  return dir;
}

function runDirect(dir: string): void {
  must(spawnSync('npm', ['run', 'build'], { cwd: dir, stdio: 'pipe' }).status, 'npm run build');
  must(spawnSync('npm', ['test'], { cwd: dir, stdio: 'pipe' }).status, 'npm test');
}

function runCli(cli: string, dir: string): void {
  const out = spawnSync(process.execPath, [cli, 'verify', '--base', 'main', '--gates', 'diff,build,tests', '--json', '--out', join(dir, '.loki-out')], { cwd: dir, stdio: 'pipe' });
  if (out.status !== 0) throw new Error(`loki verify exited ${out.status}: ${out.stdout.toString().slice(0, 500)}`);
}

function cliVerifyWorks(cli: string, dir: string): boolean {
  try {
    runCli(cli, dir);
    return true;
  } catch {
    return false;
  }
}

async function runInProcess(dir: string): Promise<void> {
  const evidence = await runVerify({ cwd: dir, base: 'main', gates: ['diff', 'build', 'tests'] });
  if (evidence.verdict !== 'VERIFIED') throw new Error(`runVerify: ${evidence.verdict}: ${evidence.summary}`);
}

function must(status: number | null, what: string): void {
  if (status !== 0) throw new Error(`${what} exited ${status}`);
}

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

async function timeAsync(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchVerify();
