import { snakeCaseKeys } from '../../gates/core/snake-case-keys.js';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { LokiError, toLokiError } from '../../gates/core/errors.js';
import { repoRoot } from '../../gates/git/git.js';
import { compareToLock, type SpecDrift } from '../../gates/spec/compare-to-lock.js';
import { describeDrift } from '../../gates/spec/describe-drift.js';
import { findSpecLocks, type FoundLock } from '../../gates/spec/find-spec-locks.js';
import { LOCK_SUFFIX, lockPathFor, lockSpec } from '../../gates/spec/lock-spec.js';
import { readLock } from '../../gates/spec/read-lock.js';
import { readSpecFile } from '../../gates/spec/read-spec-file.js';
import type { Spec } from '../../gates/spec/spec-schema.js';
import { loadSpecArgument } from '../../runner/grill/load-spec-argument.js';
import { parseOptions } from '../parse-options.js';

const HELP = `Usage: loki spec lock [SPEC] [--json]
       loki spec status [SPEC] [--json]

lock     normalise SPEC into requirements (ids + content hashes) and write its lock, meant to be
         committed: docs/prd.md is locked in docs/prd.md.lock.json; an issue owner/repo#N in
         .github/loki-specs/issue-OWNER-REPO-N.lock.json. Without SPEC, every existing lock is refreshed.
status   compare each locked spec (or SPEC's lock) with the spec as it is now: added, removed,
         changed and renamed requirements. Reordering is not drift; a moved or re-titled section is a rename.

SPEC is a Markdown, .txt, JSON, YAML or OpenAPI 3 file, or owner/repo#N (read with GITHUB_TOKEN or
GH_TOKEN from GITHUB_API_URL). The verify gate \`spec-drift\` runs the same comparison in CI.

  --json   print one JSON document on stdout and nothing else

Exit codes (status): 0 in sync, 1 drift, 3 error. (lock): 0 written, 3 error.
`;

export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(HELP);
    return sub === undefined ? 3 : 0;
  }
  if (sub === 'lock') return lock(rest);
  if (sub === 'status') return status(rest);
  throw new LokiError('USAGE', `loki spec: unknown subcommand "${sub}"`, { fix: 'use `loki spec lock [SPEC]` or `loki spec status [--json]`' });
}

interface Target {
  spec: Spec;
  lockPath: string;
  specPath?: string;
}

async function lock(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs('lock', argv);
  if (values.help) return help();
  const cwd = process.cwd();
  const root = await repoRoot(cwd).catch(() => cwd);
  const targets: Target[] = [];
  if (positionals[0] !== undefined) {
    targets.push(await targetFor(positionals[0], cwd, root));
  } else {
    const found = await findSpecLocks(root);
    if (found.length === 0) {
      throw new LokiError('USAGE', 'loki spec lock: no SPEC given and no existing spec lock to refresh', { fix: 'pass the spec to lock, e.g. `loki spec lock docs/prd.md` or `loki spec lock owner/repo#12`' });
    }
    for (const f of found) {
      const spec = await lockedSpec(root, f);
      targets.push({ spec, lockPath: join(root, f.path), ...(spec.source === 'file' ? { specPath: specFileOf(root, f) } : {}) });
    }
  }
  const written = [];
  for (const t of targets) {
    const lockFile = await lockSpec(t.spec, t.lockPath, t.specPath);
    written.push({ lock: shown(cwd, t.lockPath), spec: t.spec.ref ?? t.spec.title, requirements: lockFile.requirements.length, hash: lockFile.spec.hash });
    if (!values.json) process.stderr.write(`locked ${t.spec.ref ?? 'the spec'}: ${lockFile.requirements.length} requirements → ${shown(cwd, t.lockPath)} (commit it)\n`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ locked: written }, null, 2)}\n`);
  return 0;
}

interface StatusEntry {
  lock: string;
  spec: string;
  source: string;
  in_sync: boolean;
  drift?: SpecDrift;
  error?: { code: string; message: string; fix?: string };
}

async function status(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs('status', argv);
  if (values.help) return help();
  const cwd = process.cwd();
  const root = await repoRoot(cwd).catch(() => cwd);
  const locks = positionals[0] !== undefined ? [await lockOf(positionals[0], cwd, root)] : await findSpecLocks(root);
  if (locks.length === 0) {
    throw new LokiError('LOCK_INVALID', 'no spec lock found in this repository', { fix: 'lock the spec first: `loki spec lock docs/prd.md` (or owner/repo#N), then commit the lock' });
  }
  const entries: StatusEntry[] = [];
  for (const found of locks) entries.push(await statusOf(root, cwd, found));
  const failed = entries.some((e) => e.error);
  const drifted = entries.some((e) => !e.in_sync && !e.error);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(snakeCaseKeys({ in_sync: !failed && !drifted, specs: entries }), null, 2)}\n`);
  } else {
    process.stdout.write(entries.map(describeEntry).join('\n'));
  }
  return failed ? 3 : drifted ? 1 : 0;
}

async function statusOf(root: string, cwd: string, found: FoundLock): Promise<StatusEntry> {
  const base = { lock: shown(cwd, join(root, found.path)), spec: found.lock.spec.ref, source: found.lock.spec.source };
  try {
    const spec = await lockedSpec(root, found);
    const drift = compareToLock(found.lock, spec);
    return { ...base, ...(spec.source === 'file' ? { spec: shown(cwd, specFileOf(root, found)) } : {}), in_sync: drift.inSync, drift };
  } catch (error) {
    const e = toLokiError(error);
    return { ...base, in_sync: false, error: { code: e.code, message: e.message, ...(e.fix ? { fix: e.fix } : {}) } };
  }
}

function describeEntry(e: StatusEntry): string {
  if (e.error) return `✗ ${e.spec}: cannot check (${e.lock}): ${e.error.message}\n${e.error.fix ? `  Fix: ${e.error.fix}\n` : ''}`;
  if (e.in_sync) return `✓ ${e.spec}: in sync with ${e.lock} (${e.drift?.unchanged ?? 0} requirements)\n`;
  const lines = describeDrift(e.drift as SpecDrift, 50).map((l) => `  ${l}`);
  return `✗ ${e.spec}: drifted from ${e.lock}\n${lines.join('\n')}\n  Fix: if these changes are agreed, run \`loki spec lock ${e.spec}\` and commit the lock; otherwise restore the spec\n`;
}

async function targetFor(arg: string, cwd: string, root: string): Promise<Target> {
  const spec = await loadSpecArgument(arg, { cwd });
  if (spec.source === 'issue') return { spec, lockPath: lockPathFor(spec, root) };
  const specPath = resolve(cwd, arg);
  return { spec, lockPath: `${specPath}${LOCK_SUFFIX}`, specPath };
}

async function lockOf(arg: string, cwd: string, root: string): Promise<FoundLock> {
  const { lockPath } = await targetFor(arg, cwd, root).catch(async (error: unknown) => {
    // A deleted spec still has a lock to report against.
    if (toLokiError(error).code === 'SPEC_NOT_FOUND' && !arg.includes('#')) return { lockPath: `${resolve(cwd, arg)}${LOCK_SUFFIX}` };
    throw error;
  });
  return { path: relative(root, lockPath), lock: await readLock(lockPath) };
}

/** The spec a lock was made from, as it is now. */
async function lockedSpec(root: string, found: FoundLock): Promise<Spec> {
  const { source, ref } = found.lock.spec;
  if (source === 'file') return readSpecFile(specFileOf(root, found), ref);
  if (source === 'issue') return loadSpecArgument(ref, { cwd: root });
  throw new LokiError('LOCK_INVALID', `${found.path} locks a spec given as text, which cannot be read again`, { fix: 'lock a spec file or an issue instead' });
}

function specFileOf(root: string, found: FoundLock): string {
  return join(root, dirname(found.path), found.lock.spec.ref);
}

function shown(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function parseArgs(sub: string, argv: string[]) {
  const parsed = parseOptions(`spec ${sub}`, argv, { json: { type: 'boolean' } }, true);
  if (parsed.positionals.length > 1) throw new LokiError('USAGE', `loki spec ${sub}: takes at most one SPEC, got ${parsed.positionals.length}`, { fix: `run "loki spec --help"` });
  return parsed;
}

function help(): number {
  process.stdout.write(HELP);
  return 0;
}
