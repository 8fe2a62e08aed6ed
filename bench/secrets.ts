// Secret scanner benchmark: our full-tree scan against secretlint 12 (recommended preset) on the
// same generated tree, then diff mode on a one-line change and peak memory. Prints, never asserts.
// Standalone: npx tsx bench/secrets.ts
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { packageRoot } from '../gates/core/package-root.js';
import { generateCorpus, fillerLine } from '../gates/secrets/corpus/generate-corpus.js';
import { scanAddedLines } from '../gates/secrets/index.js';
import { RandomText } from '../gates/secrets/random-text.js';
import { median, printTable } from './measure.js';

const BULK_FILES = 3_600;
const BULK_FILE_BYTES = 11_000;
const SECRETLINT_BATCH = 200;
const SECRETLINT_DIR = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'loki-bench', 'secretlint12');

interface Timed {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Timed {
  const started = process.hrtime.bigint();
  const r = spawnSync(file, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env } });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function git(cwd: string, ...args: string[]): void {
  const r = run('git', args, cwd, { GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b.test', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b.test' });
  if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** The labelled corpus (every rule, with decoys) plus thousands of ordinary source files. */
function generateTree(root: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const f of generateCorpus(11, 1, 300)) {
    write(root, f.path, f.text);
    files++;
    bytes += f.text.length;
  }
  const r = new RandomText(12);
  for (let i = 0; i < BULK_FILES; i++) {
    const lines: string[] = [];
    let size = 0;
    while (size < BULK_FILE_BYTES) {
      const line = fillerLine(r);
      lines.push(line);
      size += line.length + 1;
    }
    write(root, `src/pkg${i % 60}/module${i}.${['ts', 'js', 'py', 'go'][i % 4]}`, `${lines.join('\n')}\n`);
    files++;
    bytes += size;
  }
  return { files, bytes };
}

interface Probed extends Timed {
  maxRssMb: number;
  /** User + system CPU of the whole process, worker threads included: a figure that load on a shared machine distorts less than wall time. */
  cpuMs: number;
}

/** Runs a Node script in a child that reports its own peak RSS and CPU time when it exits. */
function probeRun(script: string, args: string[], cwd: string): Probed {
  const probe = `process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('\\nPROBE ' + u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); }); await import(${JSON.stringify(pathToFileURL(realpathSync(script)).href)});`;
  const r = run(process.execPath, ['--input-type=module', '-e', probe, script, ...args], cwd);
  const m = /PROBE (\d+) (\d+)/.exec(r.stderr);
  return { ...r, maxRssMb: Number(m?.[1] ?? 0) / 1024, cpuMs: Number(m?.[2] ?? 0) / 1000 };
}

function lokiScan(cli: string, cwd: string, args: string[]): Probed & { findings: number } {
  const r = probeRun(cli, args, cwd);
  let findings = -1;
  try {
    findings = (JSON.parse(r.stdout) as { findings: unknown[] }).findings.length;
  } catch {
    // Not JSON (text mode or a failure): leave -1.
  }
  return { ...r, findings };
}

function installSecretlint(): string | undefined {
  const bin = join(SECRETLINT_DIR, 'node_modules/.bin/secretlint');
  if (existsSync(bin)) return bin;
  mkdirSync(SECRETLINT_DIR, { recursive: true });
  const r = run('npm', ['install', '--prefix', SECRETLINT_DIR, 'secretlint@12', '@secretlint/secretlint-rule-preset-recommend@12', '--no-audit', '--no-fund', '--loglevel=error'], SECRETLINT_DIR);
  if (r.code !== 0 || !existsSync(bin)) {
    process.stdout.write(`\nsecretlint 12 could not be installed into ${SECRETLINT_DIR} (npm exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' ')}\n`);
    return undefined;
  }
  return bin;
}

/** secretlint in batches: its always-on profiler is quadratic in the number of files per process. */
function secretlintScan(bin: string, root: string): { ms: number; cpuMs: number; batches: number; findings: number; unreadable: number } | undefined {
  writeFileSync(join(root, '.secretlintrc.json'), JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  const listed = run('git', ['ls-files'], root).stdout.split('\n').filter(Boolean);
  let ms = 0;
  let cpuMs = 0;
  let findings = 0;
  let unreadable = 0;
  let batches = 0;
  for (let i = 0; i < listed.length; i += SECRETLINT_BATCH) {
    // --output: a report on a pipe can be cut short when secretlint calls process.exit.
    const report = join(dirname(root), `${basename(root)}-secretlint-${batches}.json`);
    const r = probeRun(bin, ['--format', 'json', '--maskSecrets', '--output', report, ...listed.slice(i, i + SECRETLINT_BATCH)], root);
    if (r.code !== 0 && r.code !== 1) {
      process.stdout.write(`\nsecretlint failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(0, 3).join(' ')}\n`);
      return undefined;
    }
    ms += r.ms;
    cpuMs += r.cpuMs;
    batches++;
    try {
      for (const file of JSON.parse(readFileSync(report, 'utf8')) as Array<{ messages: unknown[] }>) findings += file.messages.length;
    } catch {
      unreadable++;
    } finally {
      rmSync(report, { force: true });
    }
  }
  return { ms, cpuMs, batches, findings, unreadable };
}

function progress(message: string): void {
  process.stderr.write(`  [secrets bench] ${message}\n`);
}

export async function benchSecrets(): Promise<void> {
  const cli = join(packageRoot(), 'dist/cli/loki.js');
  if (!existsSync(cli)) run(process.execPath, [join(packageRoot(), 'scripts/build.mjs'), '--cli'], packageRoot());
  const root = mkdtempSync(join(tmpdir(), 'loki-bench-secrets-'));
  const small = mkdtempSync(join(tmpdir(), 'loki-bench-secrets-small-'));
  try {
    const generatedAt = performance.now();
    const tree = generateTree(root);
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'generated tree');
    const genMs = performance.now() - generatedAt;
    progress(`generated ${tree.files} files, ${(tree.bytes / 1024 / 1024).toFixed(1)} MB`);
    for (const f of generateCorpus(13, 1, 0).slice(0, 50)) write(small, f.path, f.text);
    git(small, 'init', '-q');

    // One warm-up run so the page cache holds the tree for both tools alike.
    lokiScan(cli, root, ['secrets', '--json']);
    const ours = lokiScan(cli, root, ['secrets', '--json']);
    progress(`loki full tree: ${(ours.ms / 1000).toFixed(2)} s`);
    const ourStats = (JSON.parse(ours.stdout) as { stats: { files_scanned: number; workers: number } }).stats;
    const smallRun = lokiScan(cli, small, ['secrets', '--json']);

    const bin = installSecretlint();
    const theirs = bin ? secretlintScan(bin, root) : undefined;
    if (theirs) progress(`secretlint: ${(theirs.ms / 1000).toFixed(2)} s`);

    git(root, 'checkout', '-q', '-b', 'change');
    appendFileSync(join(root, 'src/pkg1/module1.js'), `export const added = ${Date.now()};\n`);
    git(root, 'commit', '-q', '-m', 'one-line change', '--', 'src/pkg1/module1.js');
    const inProcess: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await scanAddedLines(root, 'main');
      inProcess.push(performance.now() - started);
    }
    const diffCli = [0, 1, 2, 3, 4].map(() => lokiScan(cli, root, ['secrets', '--base', 'main', '--json']).ms);

    const mb = (tree.bytes / 1024 / 1024).toFixed(1);
    const rows: Array<[string, string]> = [
      ['generated tree', `${tree.files} files, ${mb} MB (${(genMs / 1000).toFixed(1)} s to generate and commit)`],
      ['loki full tree', `${(ours.ms / 1000).toFixed(2)} s wall, ${(ours.cpuMs / 1000).toFixed(2)} s CPU, ${ourStats.files_scanned} files on ${ourStats.workers} worker threads, ${ours.findings} findings (exit ${ours.code})`],
    ];
    if (theirs) {
      rows.push(['secretlint 12 (recommend)', `${(theirs.ms / 1000).toFixed(2)} s wall, ${(theirs.cpuMs / 1000).toFixed(2)} s CPU, in ${theirs.batches} batches of ${SECRETLINT_BATCH} files, ${theirs.findings} findings${theirs.unreadable ? ` (${theirs.unreadable} batch reports unreadable)` : ''}`]);
      rows.push(['speed-up', `${(theirs.ms / ours.ms).toFixed(1)}x wall, ${(theirs.cpuMs / ours.cpuMs).toFixed(1)}x CPU (goal: >= 10x)`]);
    } else rows.push(['secretlint 12', 'not measured (see the message above)']);
    rows.push(
      ['diff mode, in-process', `${median(inProcess).toFixed(0)} ms median of 5 (one-line change; goal < 300 ms)`],
      ['diff mode, CLI process', `${median(diffCli).toFixed(0)} ms median of 5 (includes node start-up)`],
      ['peak RSS, full tree', `${ours.maxRssMb.toFixed(0)} MB (${mb} MB tree)`],
      ['peak RSS, 50-file tree', `${smallRun.maxRssMb.toFixed(0)} MB (memory stays flat with repo size)`],
    );
    printTable('Secret scanner (loki secrets vs secretlint 12, same tree, same run)', rows);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(small, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSecrets();
