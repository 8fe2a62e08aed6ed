/** A file the change touches, with the lines it adds (new-side line numbers). */
export interface ChangedFile {
  path: string;
  /** For renames and copies: the path on the base side. */
  oldPath: string | undefined;
  status: 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed';
  binary: boolean;
  additions: number;
  deletions: number;
  /** Added lines: new-side line number → text. */
  addedLines: Map<number, string>;
  /** Removed lines: old-side line number → text. */
  removedLines: Map<number, string>;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Parses `git diff --unified=0 --no-color --no-ext-diff -M` output. Paths come from the
 * `diff --git` header as printed with core.quotePath=false.
 */
export function parseUnifiedDiff(text: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  let current: ChangedFile | undefined;
  let oldLine = 0;
  let newLine = 0;

  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = newFile(line);
      files.push(current);
      continue;
    }
    if (!current) continue;
    if (line.startsWith('@@')) {
      const m = HUNK.exec(line);
      if (m) {
        oldLine = Number(m[1]);
        newLine = Number(m[3]);
      }
      continue;
    }
    if (line.startsWith('new file mode')) current.status = 'added';
    else if (line.startsWith('deleted file mode')) current.status = 'deleted';
    else if (line.startsWith('rename from ')) {
      current.status = 'renamed';
      current.oldPath = line.slice('rename from '.length);
    } else if (line.startsWith('rename to ')) current.path = line.slice('rename to '.length);
    else if (line.startsWith('copy from ')) {
      current.status = 'copied';
      current.oldPath = line.slice('copy from '.length);
    } else if (line.startsWith('copy to ')) current.path = line.slice('copy to '.length);
    else if (line.startsWith('old mode') || line.startsWith('new mode')) {
      if (current.status === 'modified') current.status = 'modified';
    } else if (line.startsWith('Binary files ')) current.binary = true;
    else if (line.startsWith('+++ ')) {
      const target = line.slice(4);
      if (target !== '/dev/null') current.path = stripPrefix(target);
    } else if (line.startsWith('--- ')) {
      const source = line.slice(4);
      if (source !== '/dev/null' && current.status !== 'renamed') current.oldPath = stripPrefix(source);
    } else if (line.startsWith('+')) {
      current.addedLines.set(newLine++, line.slice(1));
      current.additions++;
    } else if (line.startsWith('-')) {
      current.removedLines.set(oldLine++, line.slice(1));
      current.deletions++;
    }
  }
  for (const file of files) {
    if (file.status === 'modified' && file.oldPath === file.path) file.oldPath = undefined;
  }
  return files;
}

function newFile(header: string): ChangedFile {
  // "diff --git a/x b/x": good enough for the default; rename/+++ lines refine it.
  const match = /^diff --git a\/(.*) b\/(.*)$/.exec(header);
  const path = match?.[2] ?? header.slice('diff --git '.length);
  return {
    path,
    oldPath: match?.[1] === match?.[2] ? undefined : match?.[1],
    status: 'modified',
    binary: false,
    additions: 0,
    deletions: 0,
    addedLines: new Map(),
    removedLines: new Map(),
  };
}

function stripPrefix(path: string): string {
  const unquoted = path.startsWith('"') && path.endsWith('"') ? path.slice(1, -1) : path;
  return unquoted.replace(/^[ab]\//, '');
}
