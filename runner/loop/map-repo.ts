import { listFiles } from '../../gates/git/git.js';

const MAX_FILES = 300;

/**
 * A compact map of the repository for the prompt: tracked files grouped by folder, capped so a
 * monorepo does not drown the task. The agent can read anything itself; this is orientation.
 */
export async function mapRepository(cwd: string, commit = 'HEAD'): Promise<string> {
  const files = await listFiles(cwd, commit);
  if (files.length === 0) return '(the repository has no tracked files yet)';
  const byDir = new Map<string, string[]>();
  for (const file of files) {
    const slash = file.lastIndexOf('/');
    const dir = slash < 0 ? '.' : file.slice(0, slash);
    const list = byDir.get(dir) ?? [];
    list.push(file.slice(slash + 1));
    byDir.set(dir, list);
  }
  const lines: string[] = [];
  let shown = 0;
  for (const [dir, names] of [...byDir.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (shown >= MAX_FILES) break;
    const take = names.slice(0, Math.max(1, Math.min(names.length, MAX_FILES - shown, 25)));
    shown += take.length;
    const more = names.length - take.length;
    lines.push(`${dir}/: ${take.join(', ')}${more > 0 ? ` (+${more} more)` : ''}`);
  }
  const hidden = files.length - shown;
  return `${files.length} files\n${lines.join('\n')}${hidden > 0 ? `\n… and ${hidden} more files` : ''}`;
}
