// `loki verify` against what a user runs by hand, on real public repositories (tests/real/*.bundle,
// each one's upstream commit, the `real` case). Goal: verify within 1.2× of the raw install, build and
// tests. Both sides start from a fresh clone of the head; rounds are interleaved (and each round swaps
// which side goes first) so a busy machine slows both alike. Prints, never asserts.
// Standalone: npx tsx bench/real-repos.ts [names...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../gates/core/package-root.js';
import { cloneCase, missingTools, readRealManifest } from '../tests/real/cases.js';
import type { RealCase, RealRepo } from '../tests/real/manifest-schema.js';
import { median, printTable } from './measure.js';

const ROUNDS = Number(process.env.LOKI_BENCH_ROUNDS ?? 3);
/** The gates a raw run has a counterpart for: the diff (git), the install and build, the tests. */
const GATES = 'diff,build,tests';
const DEFAULT_REPOS = ['webidl-conversions', 'nth-check-jest', 'scoped-tls', 'is-what'];

interface Subject {
  repo: RealRepo;
  real: RealCase;
  raw: Array<[string, string[]]>;
  rawTimes: number[];
  verifyTimes: number[];
  /** Per round: each gate's and each step's time, from the evidence. */
  profiles: Array<Map<string, number>>;
  /** Per round: each raw command's time. */
  rawProfiles: Array<Map<string, number>>;
}

export async function benchRealRepos(names: readonly string[] = DEFAULT_REPOS): Promise<void> {
  const cli = join(packageRoot(), 'dist/cli/loki.js');
  if (!existsSync(cli)) return printTable('verify vs raw on real repositories', [['not run', 'dist/cli/loki.js is missing: npm run build -- --cli']]);
  const scratch = mkdtempSync(join(tmpdir(), 'loki-bench-real-'));
  const skipped: Array<[string, string]> = [];
  const subjects: Subject[] = [];
  for (const repo of readRealManifest().repos.filter((r) => names.includes(r.name))) {
    const missing = missingTools(repo.needs);
    const real = repo.cases.find((c) => c.kind === 'real');
    if (missing.length || !real) skipped.push([repo.name, `not run: ${missing.length ? `${missing.join(', ')} missing` : 'no real case'}`]);
    else subjects.push({ repo, real, raw: [], rawTimes: [], verifyTimes: [], profiles: [], rawProfiles: [] });
  }
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of subjects) {
        const sides = [() => s.rawTimes.push(timeRaw(s, join(scratch, `${s.repo.name}-raw-${round}`))), () => s.verifyTimes.push(timeVerify(cli, s, join(scratch, `${s.repo.name}-verify-${round}`)))];
        for (const side of round % 2 ? sides.reverse() : sides) side();
      }
    }
    const rows: Array<[string, string]> = [];
    for (const s of subjects) {
      const raw = median(s.rawTimes);
      const verify = median(s.verifyTimes);
      rows.push(
        [`${s.repo.name} (${s.repo.runner})`, `${(verify / raw).toFixed(2)}×  verify ${ms(verify)} vs raw ${ms(raw)}`],
        ['  raw', `${s.raw.map(([file, args]) => [file, ...args].join(' ')).join(' && ')}  (runs: ${s.rawTimes.map(ms).join(', ')})`],
        ['  where raw spends it (medians)', profileOf(s.rawProfiles)],
        [`  loki verify --gates ${GATES}`, `runs: ${s.verifyTimes.map(ms).join(', ')}`],
        ['  where verify spends it (medians)', profileOf(s.profiles)],
      );
    }
    printTable(`verify vs raw install, build and tests on real repositories (fresh clone of the head each run; median of ${ROUNDS}; goal ≤ 1.20×)`, [...rows, ...skipped]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * What a user runs by hand on a fresh clone: `npm ci` (`npm install` without a lockfile), `npm run build` when there is one, `npm test`;
 * `cargo test` (it builds what it tests); pytest after the project's own install is not compared.
 */
function rawCommands(repo: RealRepo, dir: string): Array<[string, string[]]> {
  if (repo.needs.includes('cargo')) return [['cargo', ['test', '-q']]];
  const scripts = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  // Without a lockfile a user runs `npm install`; `npm ci` refuses to.
  const install: [string, string[]] = existsSync(join(dir, 'package-lock.json')) ? ['npm', ['ci', '--no-audit', '--no-fund']] : ['npm', ['install', '--no-package-lock', '--no-audit', '--no-fund']];
  return [install, ...(scripts.build ? [['npm', ['run', 'build']] as [string, string[]]] : []), ['npm', ['test']]];
}

function timeRaw(s: Subject, dir: string): number {
  cloneCase(s.repo, s.real, dir);
  s.raw = rawCommands(s.repo, dir);
  const start = performance.now();
  const profile = new Map<string, number>();
  for (const [file, args] of s.raw) {
    const began = performance.now();
    const run = spawnSync(file, args, { cwd: dir, stdio: 'pipe', maxBuffer: 256 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`${s.repo.name}: ${file} ${args.join(' ')} exited ${run.status}: ${run.stderr.toString().slice(-500)}`);
    profile.set([file, ...args.filter((a) => !a.startsWith('-'))].join(' '), performance.now() - began);
  }
  const took = performance.now() - start;
  s.rawProfiles.push(profile);
  rmSync(dir, { recursive: true, force: true });
  return took;
}

interface BenchEvidence {
  verdict: string;
  gates: Array<{ id: string; duration_ms: number; steps?: Array<{ name: string; duration_ms: number }> }>;
}

function timeVerify(cli: string, s: Subject, dir: string): number {
  cloneCase(s.repo, s.real, dir);
  const start = performance.now();
  // .loki/ is Loki's own folder: evidence written there never makes the checkout dirty.
  const run = spawnSync(process.execPath, [cli, 'verify', '--base', s.real.base, '--gates', GATES, '--json', '--out', join(dir, '.loki/bench')], { cwd: dir, stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
  const took = performance.now() - start;
  const evidence = JSON.parse(run.stdout.toString() || '{}') as Partial<BenchEvidence>;
  if (evidence.verdict !== 'VERIFIED') throw new Error(`${s.repo.name}: loki verify said ${evidence.verdict ?? 'nothing'} (exit ${run.status}): ${run.stderr.toString().slice(-500)}`);
  const profile = new Map<string, number>();
  for (const gate of evidence.gates ?? []) {
    profile.set(gate.id, gate.duration_ms);
    for (const step of gate.steps ?? []) profile.set(`${gate.id}/${step.name}`, step.duration_ms);
  }
  // Start-up, reading the diff's refs, writing the evidence: what no gate accounts for (the gates run one after another).
  profile.set('outside the gates', took - (evidence.gates ?? []).reduce((sum, g) => sum + g.duration_ms, 0));
  s.profiles.push(profile);
  rmSync(dir, { recursive: true, force: true });
  return took;
}

function profileOf(profiles: ReadonlyArray<Map<string, number>>): string {
  const keys = [...new Set(profiles.flatMap((p) => [...p.keys()]))];
  return keys.map((k) => `${k} ${ms(median(profiles.map((p) => p.get(k) ?? 0)))}`).join(', ');
}

function ms(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchRealRepos(process.argv.length > 2 ? process.argv.slice(2) : undefined);
