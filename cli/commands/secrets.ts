import { isAbsolute, relative, resolve } from 'node:path';
import { loadConfig } from '../../gates/config/load-config.js';
import { LokiError } from '../../gates/core/errors.js';
import { lokiVersion } from '../../gates/core/package-root.js';
import { gitResult } from '../../gates/git/git.js';
import { formatJson, formatSarif, formatText, loadScanSetup, scanAddedLines, scanTree, type ScanPath, type ScanResult } from '../../gates/secrets/index.js';
import { parseOptions } from '../parse-options.js';

const HELP = `Usage: loki secrets [PATH...] [--base REF] [--json] [--config FILE] [--format text|json|sarif]

Scans for secrets: the given files and folders (inside a repository or not; findings are named
by the path as given, or relative to the repository root inside it), else the whole tree
(git-tracked and untracked, not ignored); with --base, only the lines added in
merge-base(REF, HEAD)..HEAD of the repository in the current directory.

  --base REF        diff mode: scan only lines added since the merge-base with REF
  --json            print one JSON document on stdout (same as --format json)
  --format F        text (default, on stderr), json or sarif (on stdout)
  --config FILE     config file instead of .github/loki.yml

Suppress a false positive with a "loki:allow" comment on its line, or its fingerprint in
.lokisecretsignore. Exit codes: 0 no secrets, 1 secrets found, 3 error or scan incomplete.
`;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    'secrets',
    argv,
    { base: { type: 'string' }, json: { type: 'boolean' }, config: { type: 'string' }, format: { type: 'string' } },
    true,
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const format = chooseFormat(values.format, values.json);
  const cwd = process.cwd();
  const root = await findRoot(cwd);
  const config = await loadConfig(root, values.config === undefined ? undefined : resolve(cwd, values.config));
  const setup = await loadScanSetup(root, config.secrets);
  const given = positionals.map((p) => toScanPath(root, cwd, p));
  // "loki secrets ." at the root means the whole tree, listed the git way.
  const paths = given.includes('') ? [] : given;

  let result: ScanResult;
  let scope: Record<string, unknown>;
  if (values.base !== undefined) {
    const outside = given.find((p): p is Exclude<ScanPath, string> => typeof p !== 'string');
    if (outside) {
      throw new LokiError('USAGE', `--base scans the change in the repository ${root}, but ${outside.shownAs} is outside it`, { fix: `drop --base to scan ${outside.shownAs} as it is, or pass paths inside the repository` });
    }
    const scanned = await scanAddedLines(root, values.base, { rules: setup.rules, settings: setup.settings });
    result = restrictToPaths({ ...scanned, warnings: [...setup.warnings, ...scanned.warnings] }, paths.filter((p): p is string => typeof p === 'string'));
    scope = { mode: 'diff', base: values.base, merge_base: scanned.diff.mergeBaseSha, head: scanned.diff.headSha };
  } else {
    result = await scanTree(root, { rules: setup.rules, settings: setup.settings, paths, warnings: setup.warnings });
    scope = { mode: 'tree', paths: paths.map((p) => (typeof p === 'string' ? p : p.shownAs)) };
  }

  if (format === 'json') process.stdout.write(formatJson(result, scope));
  else if (format === 'sarif') process.stdout.write(`${JSON.stringify(formatSarif(result, setup.rules, lokiVersion()), null, 2)}\n`);
  else process.stderr.write(formatText(result, { scope: values.base === undefined ? undefined : `lines added since ${values.base}` }));
  return exitCode(result, format);
}

function chooseFormat(format: string | undefined, json: boolean | undefined): Format {
  if (format !== undefined && !FORMATS.includes(format as Format)) {
    throw new LokiError('USAGE', `--format must be one of ${FORMATS.join(', ')}, got "${format}"`, { fix: 'pass --format text, --format json or --format sarif' });
  }
  if (json && format !== undefined && format !== 'json') {
    throw new LokiError('USAGE', `--json and --format ${format} ask for two different outputs`, { fix: 'pass only one of them' });
  }
  return json ? 'json' : ((format as Format | undefined) ?? 'text');
}

function exitCode(result: ScanResult, format: Format): number {
  if (result.findings.length > 0) return 1;
  if (result.incomplete.length > 0) {
    if (format !== 'text') process.stderr.write(`loki: ${result.incomplete.length} file(s) could not be scanned in time, so the scan proves nothing for them\n`);
    process.stderr.write('Fix: exclude generated or minified files with secrets.allow_paths in .github/loki.yml, or scan them separately\n');
    return 3;
  }
  return 0;
}

/** The repository root, or the current directory when it is not in a git repository. */
async function findRoot(cwd: string): Promise<string> {
  const result = await gitResult(cwd, ['rev-parse', '--show-toplevel']);
  return result.exitCode === 0 ? result.stdout.trim() : cwd;
}

/**
 * A path inside the repository becomes root-relative (its findings keep the fingerprints the
 * repository's ignore file and the verify gate use). Any other file or folder is scanned as it
 * is, like `gitleaks dir`, and its findings are named by the path as it was given.
 */
function toScanPath(root: string, cwd: string, path: string): ScanPath {
  const absolute = resolve(cwd, path);
  const rel = relative(root, absolute);
  if (rel.startsWith('..') || isAbsolute(rel)) return { path: absolute, shownAs: path };
  return rel.split('\\').join('/');
}

/** Diff mode with paths: keep findings under those paths. */
function restrictToPaths<T extends ScanResult>(result: T, paths: readonly string[]): T {
  if (paths.length === 0 || paths.includes('')) return result;
  const inside = (file: string) => paths.some((p) => file === p || file.startsWith(`${p}/`));
  return { ...result, findings: result.findings.filter((f) => inside(f.file)), suppressed: result.suppressed.filter((f) => inside(f.file)) };
}
