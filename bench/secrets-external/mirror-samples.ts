import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readGoTestCases } from './go-test-cases.js';

/**
 * Labelled samples derived from a public scanner's own tests, read at bench time from the git
 * snapshot that the `fetch` tool leaves under /work/.mirror/<owner>+<name>. The repositories'
 * licences (trufflehog is AGPL-3.0) do not let us commit their data, so only this extractor is
 * committed; the derived samples are cached in ~/.cache/loki-bench/ keyed by the mirror's commit.
 */
export interface ExternalSample {
  source: string;
  /** The detector (or plugin) the sample tests, e.g. `stripe`. */
  detector: string;
  /** The test case's name, for reading a miss. */
  name: string;
  input: string;
  /** What the peer says must be reported; empty for a clean sample. */
  want: string[];
}

export interface SampleSet {
  source: string;
  commit: string;
  samples: ExternalSample[];
  /** Test files read and cases whose Go expressions the extractor could not evaluate. */
  files: number;
  unreadable: number;
}

export const MIRROR_ROOT = process.env.LOKI_BENCH_MIRRORS ?? '/work/.mirror';
const CACHE_DIR = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'loki-bench');
const EXTRACTOR_VERSION = 1;

function gitDir(repo: string): string | undefined {
  const dir = join(MIRROR_ROOT, repo.replace('/', '+'), 'repo');
  return existsSync(dir) ? dir : undefined;
}

function git(dir: string, args: string[], input?: string): string {
  const r = spawnSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', input, maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} in ${dir}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** Every blob at HEAD whose path passes `keep`, read through one `git cat-file --batch`. */
function readBlobs(dir: string, keep: (path: string) => boolean): Map<string, string> {
  const paths = git(dir, ['ls-tree', '-r', '--name-only', 'HEAD']).split('\n').filter((p) => p && keep(p));
  const out = spawnSync('git', ['--git-dir', dir, 'cat-file', '--batch'], { input: paths.map((p) => `HEAD:${p}\n`).join(''), maxBuffer: 512 * 1024 * 1024 });
  const buffer = out.stdout as Buffer;
  const blobs = new Map<string, string>();
  let offset = 0;
  for (const path of paths) {
    const headerEnd = buffer.indexOf(10, offset);
    const header = buffer.subarray(offset, headerEnd).toString();
    const size = Number(header.split(' ')[2]);
    blobs.set(path, buffer.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
    offset = headerEnd + 1 + size + 1;
  }
  return blobs;
}

function cached(repo: string, build: (dir: string, commit: string) => SampleSet): SampleSet | string {
  const dir = gitDir(repo);
  if (!dir) return `no snapshot of github:${repo} under ${MIRROR_ROOT} (fetch it with the fetch tool, then run the bench again)`;
  const commit = git(dir, ['rev-parse', 'HEAD']).trim();
  const file = join(CACHE_DIR, `external-${repo.replace('/', '+')}-${commit.slice(0, 12)}-v${EXTRACTOR_VERSION}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SampleSet;
  const set = build(dir, commit);
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(set));
  return set;
}

/** trufflehog's detector pattern tests: `pkg/detectors/<name>/…_test.go`, not the integration tests (they call live APIs). */
export function trufflehogSamples(): SampleSet | string {
  return cached('trufflesecurity/trufflehog', (dir, commit) => {
    const blobs = readBlobs(dir, (p) => p.startsWith('pkg/detectors/') && p.endsWith('_test.go') && !p.endsWith('_integration_test.go'));
    const samples: ExternalSample[] = [];
    let unreadable = 0;
    for (const [path, source] of blobs) {
      const detector = path.split('/')[2] as string;
      const read = readGoTestCases(source);
      unreadable += read.unreadable;
      for (const c of read.cases) samples.push({ source: 'trufflehog', detector, name: c.name, input: c.input, want: c.want });
    }
    return { source: 'trufflehog', commit, samples, files: blobs.size, unreadable };
  });
}
