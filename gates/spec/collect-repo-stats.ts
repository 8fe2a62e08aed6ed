import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gitResult } from '../git/git.js';

export interface RepoStats {
  /** Source files: tracked and untracked-but-not-ignored, minus dependencies, build output and lockfiles. */
  files: number;
  bytes: number;
}

/** Folders that hold dependencies or build output: they are not code the agent has to read. */
const EXCLUDED_DIRS = new Set(['node_modules', 'vendor', 'dist', 'build', 'out', 'target', 'coverage', '.git', '.next', '.nuxt', '.cache', '.venv', 'venv', '__pycache__', '.tox', 'bower_components', 'Pods', '.gradle', '.loki']);
const EXCLUDED_FILES = /(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|Gemfile\.lock|composer\.lock|go\.sum)$|\.min\.(js|css)$|\.map$/;
const MAX_FILES = 200_000;

/** Counts the repository's own files, from git when it is a checkout (respecting .gitignore), else by walking. */
export async function collectRepoStats(dir: string): Promise<RepoStats> {
  const kept = await listSourceFiles(dir);
  let bytes = 0;
  for (const path of kept) {
    try {
      bytes += (await stat(join(dir, path))).size;
    } catch {
      // Deleted in the working tree but still in the index: it does not count.
    }
  }
  return { files: kept.length, bytes };
}

/** The repository's own files, relative to `dir`: from git when it is a checkout, else by walking. */
export async function listSourceFiles(dir: string): Promise<string[]> {
  const listed = await gitResult(dir, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { timeoutMs: 60_000 });
  const paths = listed.exitCode === 0 ? listed.stdout.split('\0').filter(Boolean) : await walk(dir);
  return [...new Set(paths)].filter(isSource).slice(0, MAX_FILES);
}

export function isSource(path: string): boolean {
  return !path.split('/').some((segment) => EXCLUDED_DIRS.has(segment)) && !EXCLUDED_FILES.test(path);
}

async function walk(root: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(root, prefix), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!EXCLUDED_DIRS.has(entry.name)) out.push(...(await walk(root, path)));
    } else if (entry.isFile()) out.push(path);
    if (out.length > MAX_FILES) break;
  }
  return out;
}
