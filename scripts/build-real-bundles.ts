/**
 * Builds tests/real/*.bundle and tests/real/manifest.json from tests/real/recipes.ts and local
 * mirrors of the upstream repositories (`fetch` puts them at <mirrors>/<owner>+<name>/repo).
 * Each bundle is a fresh repository: the upstream base commit's tree, the upstream commit after it,
 * and the planted changes on the base; authors and dates are fixed, so the SHAs are reproducible.
 *
 *   npx tsx scripts/build-real-bundles.ts [--mirrors /work/.mirror]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RECIPES, type Edit, type Recipe } from '../tests/real/recipes.js';
import { RealManifestSchema, type RealRepo } from '../tests/real/manifest-schema.js';

const outDir = resolve(import.meta.dirname, '..', 'tests', 'real');
const mirrorsAt = process.argv.indexOf('--mirrors');
const mirrors = mirrorsAt > 0 ? process.argv[mirrorsAt + 1]! : '/work/.mirror';
const DATE = '2026-12-03T12:00:00Z';
const IDENTITY = { GIT_AUTHOR_NAME: 'Loki real-repo suite', GIT_AUTHOR_EMAIL: 'real@loki.invalid', GIT_COMMITTER_NAME: 'Loki real-repo suite', GIT_COMMITTER_EMAIL: 'real@loki.invalid', GIT_AUTHOR_DATE: DATE, GIT_COMMITTER_DATE: DATE };

function git(cwd: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...IDENTITY, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).trim();
}

/** Replaces the work tree and index with an upstream commit's tree. */
function checkoutUpstream(work: string, mirror: string, commit: string): void {
  git(work, ['rm', '-rq', '--ignore-unmatch', '.']);
  git(work, ['--git-dir', mirror, '--work-tree', work, 'read-tree', '-u', '--reset', commit], { GIT_INDEX_FILE: join(work, '.git', 'upstream-index') });
  rmSync(join(work, '.git', 'upstream-index'), { force: true });
  git(work, ['add', '-A']);
}

function applyEdit(work: string, edit: Edit): void {
  const path = join(work, edit.file);
  const text = readFileSync(path, 'utf8');
  if (edit.find === undefined) return appendFileSync(path, edit.replace);
  const at = text.indexOf(edit.find);
  if (at < 0 || text.indexOf(edit.find, at + 1) >= 0) throw new Error(`${edit.file}: the text to replace must occur exactly once: ${JSON.stringify(edit.find)}`);
  writeFileSync(path, text.slice(0, at) + edit.replace + text.slice(at + edit.find.length));
}

function needsOf(recipe: Recipe): string[] {
  if (recipe.runner.startsWith('cargo')) return ['cargo'];
  if (/pytest|unittest/.test(recipe.runner)) return ['python3', 'pytest'];
  return ['npm'];
}

function build(recipe: Recipe): RealRepo {
  const mirror = join(mirrors, recipe.upstream.replace('/', '+'), 'repo');
  const realCommit = git(mirror, ['rev-parse', `${recipe.real.commit}^{commit}`]);
  const upstreamBase = git(mirror, ['rev-parse', `${realCommit}^`]);
  const work = mkdtempSync(join(tmpdir(), `loki-real-${recipe.name}-`));
  try {
    git(work, ['init', '-q', '-b', 'base']);
    checkoutUpstream(work, mirror, upstreamBase);
    git(work, ['commit', '-q', '--no-verify', '-m', `upstream ${recipe.upstream}@${upstreamBase}\n\n${git(mirror, ['log', '-1', '--format=%s', upstreamBase])}`]);
    const base = git(work, ['rev-parse', 'HEAD']);
    const cases: RealRepo['cases'] = [];

    git(work, ['checkout', '-q', '-b', 'real']);
    checkoutUpstream(work, mirror, realCommit);
    const message = git(mirror, ['log', '-1', '--format=%B', realCommit]);
    const author = git(mirror, ['log', '-1', '--format=%an <%ae>', realCommit]);
    git(work, ['commit', '-q', '--no-verify', '-m', `${message}\n\nupstream ${recipe.upstream}@${realCommit} by ${author}`]);
    cases.push({ name: 'real', kind: 'real', base, head: git(work, ['rev-parse', 'HEAD']), expected: recipe.real.expected, failing_gates: [], why: `upstream ${realCommit.slice(0, 7)}: ${recipe.real.why}`, ...(recipe.real.proving ? { proving: recipe.real.proving } : {}) });

    for (const planted of recipe.planted) {
      const from = planted.after ? cases.find((c) => c.name === planted.after)?.head : base;
      if (!from) throw new Error(`${recipe.name}/${planted.name}: the case it comes after (${planted.after}) must be listed before it`);
      git(work, ['checkout', '-q', '-b', planted.name, from]);
      for (const edit of planted.edits) applyEdit(work, edit);
      git(work, ['add', '-A']);
      git(work, ['commit', '-q', '--no-verify', '-m', planted.message]);
      cases.push({ name: planted.name, kind: planted.name, base: from, head: git(work, ['rev-parse', 'HEAD']), expected: planted.expected, why: planted.why, failing_gates: planted.failing, ...(planted.rules ? { finding_rules: planted.rules } : {}), ...(planted.proving ? { proving: planted.proving } : {}) });
    }
    const bundle = `${recipe.name}.bundle`;
    git(work, ['bundle', 'create', '-q', join(outDir, bundle), '--all']);
    console.log(`${bundle}: ${Math.round(statSync(join(outDir, bundle)).size / 1024)} KB, ${cases.length} cases`);
    return { name: recipe.name, upstream: recipe.upstream, upstream_base: upstreamBase, runner: recipe.runner, bundle, needs: needsOf(recipe), cases };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const only = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--mirrors');
const manifestPath = join(outDir, 'manifest.json');
const previous = only.length ? RealManifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8'))).repos : [];
const built = RECIPES.filter((r) => only.length === 0 || only.includes(r.name)).map(build);
const repos = RECIPES.map((r) => built.find((b) => b.name === r.name) ?? previous.find((p) => p.name === r.name)).filter((r): r is RealRepo => r !== undefined);
writeFileSync(manifestPath, `${JSON.stringify(RealManifestSchema.parse({ schema_version: 1, repos }), null, 2)}\n`);
