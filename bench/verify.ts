// Verify's wall time against running the same build and tests directly, on a generated project
// whose build and tests take seconds. Goal: within 1.2×. Next to it: the cost of the clean worktree
// (a dirty checkout), and of the baseline with its proving run (goal: the proving run costs at most
// one more test run), and of the automatic baseline on a failing change. Prints, never asserts.
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
    const dirty: number[] = [];
    const baseline: number[] = [];
    const proving: ProvingFigures[] = [];
    const failing: number[] = [];
    const automatic: number[] = [];
    const rerun: number[] = [];
    // Interleaved so that a busy machine slows every side alike.
    for (let i = 0; i < ROUNDS; i++) {
      direct.push(time(() => runDirect(dir)));
      verify.push(useCli ? time(() => runCli(cli, dir)) : await timeAsync(() => runInProcess(dir)));
      if (!useCli) continue;
      // An untracked file makes the checkout dirty: the gates then run in a clean worktree of the head.
      writeFileSync(join(dir, 'scratch.txt'), 'not committed\n');
      dirty.push(time(() => runCli(cli, dir)));
      rmSync(join(dir, 'scratch.txt'));
      let evidence: BenchEvidence | undefined;
      baseline.push(time(() => (evidence = runCli(cli, dir, ['--baseline']))));
      if (evidence) proving.push(provingFigures(evidence));
      execFileSync('git', ['checkout', '-q', 'failing'], { cwd: dir });
      let blocked: BenchEvidence | undefined;
      failing.push(time(() => (blocked = runCli(cli, dir, [], 2))));
      if (blocked) {
        automatic.push(stepsNamed(blocked, (name) => name.startsWith('baseline')));
        rerun.push(stepsNamed(blocked, (name) => name === 'rerun for flaky tests'));
      }
      execFileSync('git', ['checkout', '-q', 'feature'], { cwd: dir });
    }
    const d = median(direct);
    const v = median(verify);
    const rows: Array<[string, string]> = [
      ['direct: npm run build && npm test', `${ms(d)}  (runs: ${direct.map(ms).join(', ')})`],
      [useCli ? 'loki verify --gates diff,build,tests' : 'runVerify (in-process; CLI bundle unavailable)', `${ms(v)}  (runs: ${verify.map(ms).join(', ')})`],
      ['ratio (goal ≤ 1.20×)', `${(v / d).toFixed(2)}×`],
    ];
    if (dirty.length) {
      const w = median(dirty);
      rows.push(['same, dirty checkout (clean worktree of the head)', `${ms(w)}  (runs: ${dirty.map(ms).join(', ')}); the worktree costs ${ms(w - v)}`]);
    }
    if (baseline.length) {
      const b = median(baseline);
      const head = median(proving.map((p) => p.headTests));
      const own = median(proving.map((p) => p.baseTests));
      const run = median(proving.map((p) => p.provingRun));
      rows.push(
        ['same with --baseline (base build, base tests, proving run)', `${ms(b)}  (runs: ${baseline.map(ms).join(', ')}); ${(b / v).toFixed(2)}× plain verify`],
        ["  the head's test run", ms(head)],
        ["  the base's own test run", ms(own)],
        ["  the proving run (head's tests on the base's code)", `${ms(run)} = ${(run / head).toFixed(2)} test runs (goal ≤ 1)`],
        ['  proving tests found', `${proving.map((p) => p.count).join(', ')} (expected 4: the changed test file's 4 cases cannot run on the base)`],
      );
    }
    if (failing.length) {
      const f = median(failing);
      rows.push(
        ['a failing change (automatic baseline: base build and tests)', `${ms(f)}  (runs: ${failing.map(ms).join(', ')}); ${(f / v).toFixed(2)}× plain verify of a passing change`],
        ['  of which the base run (build and tests)', `${ms(median(automatic))}; a passing change pays 0`],
        ['  and the rerun of the new failures (flaky or broken?)', ms(median(rerun))],
      );
    }
    printTable(`verify vs direct build+tests (median of ${ROUNDS}, generated node project)`, rows);
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
  write('src/lib.js', 'exports.double = (n) => n + n;\n');
  for (const n of [1, 2, 3]) {
    write(`test/t${n}.test.js`, `const test = require('node:test');\nconst assert = require('node:assert');\nfor (let i = 0; i < 4; i++) test('case ' + i, async () => { await new Promise((r) => setTimeout(r, 250)); assert.ok(true); });\n`);
  }
  write('test/double.test.js', "const test = require('node:test');\nconst assert = require('node:assert');\nconst { double } = require('../src/lib.js');\ntest('doubles', () => assert.equal(double(2), 4));\n");
  // node_modules present (as after an install) so neither side pays for npm ci.
  mkdirSync(join(dir, 'node_modules'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  const commit = (message: string) => {
    git('add', '-A');
    git('-c', 'user.email=b@example.com', '-c', 'user.name=bench', 'commit', '-q', '-m', message);
  };
  git('init', '-q', '-b', 'main');
  commit('project');
  // The change under review: new code and the test that proves it.
  git('checkout', '-q', '-b', 'feature');
  write('src/lib.js', 'exports.double = (n) => n + n;\nexports.triple = (n) => 3 * n;\n');
  write('test/t3.test.js', `const test = require('node:test');\nconst assert = require('node:assert');\nconst { triple } = require('../src/lib.js');\nfor (let i = 0; i < 4; i++) test('case ' + i, async () => { await new Promise((r) => setTimeout(r, 250)); assert.equal(triple(i), 3 * i); });\n`);
  commit('triple');
  // A failing change (a regression): verify runs the merge-base too, the automatic baseline.
  git('checkout', '-q', '-b', 'failing', 'main');
  write('src/lib.js', 'exports.double = (n) => n * 3;\n');
  commit('double: regression');
  git('checkout', '-q', 'feature');
  return dir;
}

function runDirect(dir: string): void {
  must(spawnSync('npm', ['run', 'build'], { cwd: dir, stdio: 'pipe' }).status, 'npm run build');
  must(spawnSync('npm', ['test'], { cwd: dir, stdio: 'pipe' }).status, 'npm test');
}

interface BenchEvidence {
  gates: Array<{ id: string; duration_ms: number; counts?: { proving?: number }; steps?: Array<{ name: string; duration_ms: number }> }>;
}

interface ProvingFigures {
  headTests: number;
  baseTests: number;
  provingRun: number;
  count: number | undefined;
}

function runCli(cli: string, dir: string, extra: string[] = [], exitCode = 0): BenchEvidence {
  // .loki/ is Loki's own folder: evidence written there never makes the checkout dirty.
  const out = spawnSync(process.execPath, [cli, 'verify', '--base', 'main', '--gates', 'diff,build,tests', ...extra, '--json', '--out', join(dir, '.loki/bench')], { cwd: dir, stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
  if (out.status !== exitCode) throw new Error(`loki verify exited ${out.status} (expected ${exitCode}): ${out.stdout.toString().slice(0, 500)}`);
  return JSON.parse(out.stdout.toString()) as BenchEvidence;
}

/** The time the gates' steps of one kind took (the base's build and tests; the flaky rerun). */
function stepsNamed(evidence: BenchEvidence, wanted: (name: string) => boolean): number {
  return evidence.gates.flatMap((g) => g.steps ?? []).filter((st) => wanted(st.name)).reduce((sum, st) => sum + st.duration_ms, 0);
}

/** From the tests gate's steps: the head's own test run is the gate's time less its baseline steps. */
function provingFigures(evidence: BenchEvidence): ProvingFigures {
  const tests = evidence.gates.find((g) => g.id === 'tests');
  const steps = tests?.steps ?? [];
  const of = (name: string) => steps.find((s) => s.name === name)?.duration_ms ?? 0;
  const stepsTotal = steps.reduce((sum, s) => sum + s.duration_ms, 0);
  return { headTests: (tests?.duration_ms ?? 0) - stepsTotal, baseTests: of('baseline tests'), provingRun: of("baseline tests with the head's tests"), count: tests?.counts?.proving };
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
