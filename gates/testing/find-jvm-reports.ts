import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const REPORT_DIRS = new Set(['surefire-reports', 'test-results']);
const SKIP = new Set(['node_modules', '.git', 'src', '.gradle']);

/**
 * JUnit XML reports Maven (target/surefire-reports) and Gradle (build/test-results/*) wrote during
 * this run: files older than the run are stale leftovers and are ignored.
 */
export async function findJvmReports(root: string, since: number, depth = 6): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, level: number, inReports: boolean): Promise<void> => {
    if (level > depth) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !SKIP.has(entry.name)) await walk(path, level + 1, inReports || REPORT_DIRS.has(entry.name));
      else if (inReports && entry.isFile() && /^TEST-.*\.xml$/.test(entry.name) && (await stat(path)).mtimeMs >= since - 1_000) found.push(path);
    }
  };
  await walk(root, 0, false);
  return found.sort();
}
