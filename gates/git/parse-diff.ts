import { LokiError } from '../core/errors.js';
import { unquoteGitPath } from './unquote-path.js';

/** A file the change touches, with the lines it adds (new-side line numbers). */
export interface ChangedFile {
  path: string;
  /** For renames and copies: the path on the base side. */
  oldPath: string | undefined;
  status: 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed';
  binary: boolean;
  additions: number;
  deletions: number;
  /** Added lines: new-side line number → text (without the line ending, CRLF included). */
  addedLines: Map<number, string>;
  /** Removed lines: old-side line number → text. */
  removedLines: Map<number, string>;
  /** File modes when the change alters them (e.g. 100644 → 100755). */
  oldMode?: string;
  newMode?: string;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

type State =
  | { kind: 'start' }
  /** After `diff --git`, before the first hunk: extended headers, `---`, `+++`, `Binary files`. */
  | { kind: 'header' }
  /** Inside a hunk, with the lines each side still owes. */
  | { kind: 'hunk'; oldLeft: number; newLeft: number; oldLine: number; newLine: number }
  /** A hunk ended: only another hunk, a no-newline marker or the next file may follow. */
  | { kind: 'between' };

/**
 * Reads `git diff --no-color --no-ext-diff -M --src-prefix=a/ --dst-prefix=b/` output by its
 * structure: headers only between `diff --git` and the first `@@`, and inside a hunk exactly the
 * number of lines its `@@ -a,b +c,d @@` header announces, whatever they look like. Text can be
 * pushed in pieces of any size (a diff is never held whole); anything that does not fit the
 * structure is an error, never a guess.
 */
export class DiffParser {
  private readonly files: ChangedFile[] = [];
  private current: ChangedFile | undefined;
  private state: State = { kind: 'start' };
  private pending = '';
  private lineNo = 0;

  push(text: string): void {
    const parts = (this.pending + text).split('\n');
    this.pending = parts.pop() ?? '';
    for (const line of parts) this.line(line);
  }

  end(): ChangedFile[] {
    if (this.pending) this.line(this.pending);
    this.pending = '';
    if (this.state.kind === 'hunk') this.fail(`the diff ended inside a hunk (${this.state.oldLeft} old and ${this.state.newLeft} new lines missing)`);
    this.finishFile();
    return this.files;
  }

  private line(line: string): void {
    this.lineNo++;
    const state = this.state;
    if (state.kind === 'hunk') return this.hunkLine(state, line);
    if (line.startsWith('diff --git ')) return this.startFile(line);
    if (state.kind === 'start') {
      if (line === '') return;
      return this.fail(`expected "diff --git", got ${JSON.stringify(line.slice(0, 80))}`);
    }
    if (line.startsWith('@@')) return this.startHunk(line);
    if (state.kind === 'between') {
      if (line.startsWith('\\')) return; // "\ No newline at end of file" after a hunk's last line
      return this.fail(`unexpected line after a hunk: ${JSON.stringify(line.slice(0, 80))}`);
    }
    this.headerLine(line);
  }

  private startFile(header: string): void {
    this.finishFile();
    const [a, b] = headerPaths(header.slice('diff --git '.length));
    this.current = {
      path: b ?? '',
      oldPath: a,
      status: 'modified',
      binary: false,
      additions: 0,
      deletions: 0,
      addedLines: new Map(),
      removedLines: new Map(),
    };
    this.files.push(this.current);
    this.state = { kind: 'header' };
  }

  private headerLine(line: string): void {
    const file = this.current!;
    const value = (prefix: string) => unquoteGitPath(line.slice(prefix.length));
    if (line.startsWith('new file mode ')) {
      file.status = 'added';
      file.newMode = line.slice('new file mode '.length);
    } else if (line.startsWith('deleted file mode ')) {
      file.status = 'deleted';
      file.oldMode = line.slice('deleted file mode '.length);
    } else if (line.startsWith('old mode ')) file.oldMode = line.slice('old mode '.length);
    else if (line.startsWith('new mode ')) file.newMode = line.slice('new mode '.length);
    else if (line.startsWith('rename from ')) {
      file.status = 'renamed';
      file.oldPath = value('rename from ');
    } else if (line.startsWith('rename to ')) file.path = value('rename to ');
    else if (line.startsWith('copy from ')) {
      file.status = 'copied';
      file.oldPath = value('copy from ');
    } else if (line.startsWith('copy to ')) file.path = value('copy to ');
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') file.binary = true;
    else if (line.startsWith('--- ')) {
      const source = sidePath(line.slice(4), 'a/');
      if (source !== undefined) file.oldPath = source;
    } else if (line.startsWith('+++ ')) {
      const target = sidePath(line.slice(4), 'b/');
      if (target !== undefined) file.path = target;
    } else if (!/^(index |similarity index |dissimilarity index )/.test(line)) {
      this.fail(`unknown diff header line ${JSON.stringify(line.slice(0, 80))}`);
    }
  }

  private startHunk(line: string): void {
    const m = HUNK.exec(line);
    if (!m || !this.current) return this.fail(`unreadable hunk header ${JSON.stringify(line.slice(0, 80))}`);
    const oldLeft = m[2] === undefined ? 1 : Number(m[2]);
    const newLeft = m[4] === undefined ? 1 : Number(m[4]);
    // With zero lines on a side, git names the line before the change; the next line is one after.
    this.state = { kind: 'hunk', oldLeft, newLeft, oldLine: Number(m[1]), newLine: Number(m[3]) };
    if (oldLeft === 0 && newLeft === 0) this.state = { kind: 'between' };
  }

  private hunkLine(state: Extract<State, { kind: 'hunk' }>, line: string): void {
    const file = this.current!;
    const marker = line[0];
    const text = line.endsWith('\r') ? line.slice(1, -1) : line.slice(1);
    if (marker === '\\') return; // "\ No newline at end of file": not a line of either side
    if (text.includes('\0')) file.binary = true; // read with --text: NUL bytes are how git itself tells binary
    if (marker === '+' && state.newLeft > 0) {
      file.addedLines.set(state.newLine++, text);
      file.additions++;
      state.newLeft--;
    } else if (marker === '-' && state.oldLeft > 0) {
      file.removedLines.set(state.oldLine++, text);
      file.deletions++;
      state.oldLeft--;
    } else if (marker === ' ' && state.oldLeft > 0 && state.newLeft > 0) {
      state.oldLine++;
      state.newLine++;
      state.oldLeft--;
      state.newLeft--;
    } else {
      return this.fail(`line ${JSON.stringify(line.slice(0, 80))} does not fit its hunk (${state.oldLeft} old, ${state.newLeft} new lines left)`);
    }
    if (state.oldLeft === 0 && state.newLeft === 0) this.state = { kind: 'between' };
  }

  private finishFile(): void {
    const file = this.current;
    if (!file) return;
    if (file.status === 'modified' && file.oldPath === file.path) file.oldPath = undefined;
    if (file.status === 'added' || file.status === 'deleted') file.oldPath = undefined;
    if (file.status === 'deleted' && !file.path && file.oldPath) file.path = file.oldPath;
    if (file.oldMode && file.newMode && file.oldMode.slice(0, 3) !== file.newMode.slice(0, 3) && file.status === 'modified') file.status = 'type-changed';
    if (!file.path) this.fail('a file in the diff has no path');
    this.current = undefined;
  }

  private fail(why: string): never {
    throw new LokiError('DIFF_UNREADABLE', `cannot read the diff (line ${this.lineNo}): ${why}`, {
      fix: 'run Loki with the git on PATH (git 2.x) and without diff settings that change its output (diff.external, color.diff=always)',
    });
  }
}

/** Parses a whole diff text; see DiffParser. */
export function parseUnifiedDiff(text: string): ChangedFile[] {
  const parser = new DiffParser();
  parser.push(text);
  return parser.end();
}

/**
 * The two paths of `diff --git a/X b/Y`. Unquoted paths may contain spaces (even " b/"); git
 * prints the same path twice unless the file was renamed or copied, and then `rename from/to`
 * lines name both sides exactly, so an ambiguous split only matters when they are equal.
 */
function headerPaths(rest: string): [string | undefined, string | undefined] {
  if (rest.startsWith('"')) {
    const end = closingQuote(rest);
    const a = unquoteGitPath(rest.slice(0, end + 1));
    const b = rest.slice(end + 2);
    return [strip(a, 'a/'), strip(b.startsWith('"') ? unquoteGitPath(b) : b, 'b/')];
  }
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ' && rest.slice(0, half).slice(2) === rest.slice(half + 1).slice(2)) {
    return [strip(rest.slice(0, half), 'a/'), strip(rest.slice(half + 1), 'b/')];
  }
  const quoted = rest.indexOf(' "b/');
  if (quoted >= 0) return [strip(rest.slice(0, quoted), 'a/'), strip(unquoteGitPath(rest.slice(quoted + 1)), 'b/')];
  const split = rest.lastIndexOf(' b/');
  return split >= 0 ? [strip(rest.slice(0, split), 'a/'), strip(rest.slice(split + 1), 'b/')] : [undefined, undefined];
}

function closingQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

/** `--- a/x` / `+++ b/x`: git appends a tab when the path contains a space. */
function sidePath(raw: string, prefix: string): string | undefined {
  const path = raw.endsWith('\t') ? raw.slice(0, -1) : raw;
  if (path === '/dev/null') return undefined;
  return strip(unquoteGitPath(path), prefix);
}

function strip(path: string, prefix: string): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
