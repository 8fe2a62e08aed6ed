import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LokiError } from '../../../gates/core/errors.js';
import { parseUnifiedDiff } from '../../../gates/git/parse-diff.js';
import { resolveDiff } from '../../../gates/git/resolve-diff.js';
import { createTempRepo, type TempRepo } from '../../support/temp-repo.js';

const cleanup: Array<() => void> = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function repo(files: Record<string, string> = { 'keep.txt': 'one\n' }): TempRepo {
  const r = createTempRepo(files);
  cleanup.push(r.remove);
  r.git('checkout', '-q', '-b', 'feature');
  return r;
}

const SECRET = 'aws_secret = "AKIAQYLPMN5HHHFPZAM2"';

describe('diffs parsed by structure: content lines that look like headers (attacks)', () => {
  it('an added line "++ b/x" (shown "+++ b/x") stays content of its own file, and what follows is not re-filed', async () => {
    const r = repo();
    r.commit('attack', { 'src/a.ts': `const a = 1;\n++ b/elsewhere.txt\n${SECRET}\n` });
    const diff = await resolveDiff({ cwd: r.dir, base: 'main' });
    expect(diff.files.map((f) => f.path)).toEqual(['src/a.ts']);
    const a = diff.files[0]!;
    expect([...a.addedLines.values()]).toEqual(['const a = 1;', '++ b/elsewhere.txt', SECRET]);
    expect(a.additions).toBe(3);
  });

  it('a removed line "-- a/x" (shown "--- a/x") is counted as a removal, not taken as the old path', async () => {
    const r = createTempRepo({ 'a.txt': '-- a/other.txt\n-- /dev/null\nkeep\n' });
    cleanup.push(r.remove);
    r.git('checkout', '-q', '-b', 'feature');
    r.commit('remove', { 'a.txt': 'keep\n' });
    const [file] = (await resolveDiff({ cwd: r.dir, base: 'main' })).files;
    expect(file).toMatchObject({ path: 'a.txt', oldPath: undefined, status: 'modified', deletions: 2 });
    expect([...file!.removedLines]).toEqual([[1, '-- a/other.txt'], [2, '-- /dev/null']]);
  });

  it('content that looks like a file header ("diff --git", "+++ /dev/null", "@@") never starts a new file', () => {
    const text = [
      'diff --git a/x.txt b/x.txt',
      'index 1111111..2222222 100644',
      '--- a/x.txt',
      '+++ b/x.txt',
      '@@ -1,2 +1,4 @@',
      '-old',
      '--- a/y.txt',
      '+++ /dev/null',
      '+@@ -1 +1 @@',
      '++++ b/z.txt',
      `+${SECRET}`,
      '',
    ].join('\n');
    const files = parseUnifiedDiff(text);
    expect(files.map((f) => f.path)).toEqual(['x.txt']);
    expect([...files[0]!.removedLines.values()]).toEqual(['old', '-- a/y.txt']);
    expect([...files[0]!.addedLines.values()]).toEqual(['++ /dev/null', '@@ -1 +1 @@', '+++ b/z.txt', SECRET]);
  });

  it('a diff whose hunk counts do not add up is refused, not guessed at', () => {
    const text = 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -0,0 +1,3 @@\n+one\n';
    expect(() => parseUnifiedDiff(text)).toThrow(LokiError);
  });
});

describe('diffs parsed whole at any size (attacks on the old 64 MiB cut)', () => {
  it('finds a secret in the FIRST file of a diff larger than 64 MiB', async () => {
    const r = repo();
    const line = `${'x'.repeat(99)}\n`;
    writeFileSync(join(r.dir, 'zz-big.txt'), line.repeat(700_000)); // 70 MB of added lines after a.txt
    const diffSubject = r.commit('big', { 'a.txt': `${SECRET}\n` });
    expect(diffSubject).toMatch(/^[0-9a-f]{40}$/);
    const diff = await resolveDiff({ cwd: r.dir, base: 'main' });
    const first = diff.files.find((f) => f.path === 'a.txt');
    expect(first?.addedLines.get(1)).toBe(SECRET);
    expect(diff.files.find((f) => f.path === 'zz-big.txt')?.additions).toBe(700_000);
  }, 120_000);

  it('keeps multi-byte characters whole across chunk boundaries', async () => {
    const r = repo();
    // 3- and 4-byte characters on lines of odd byte length: pipe chunk edges fall inside characters.
    r.commit('utf8', { 'u.txt': 'a€😀€\n'.repeat(60_000) });
    const [file] = (await resolveDiff({ cwd: r.dir, base: 'main' })).files;
    const lines = [...file!.addedLines.values()];
    expect(lines).toHaveLength(60_000);
    expect(lines.every((l) => l === 'a€😀€')).toBe(true);
  }, 60_000);
});

describe('diff shapes', () => {
  it('binary, renamed, mode-only, CRLF, no newline at EOF, and quoted paths with spaces, tabs and unicode', async () => {
    const r = repo({ 'old name.txt': 'same content here\nline two\nline three\n', 'run.sh': 'echo hi\n', 'crlf.txt': 'a\r\n', 'eof.txt': 'x' });
    r.git('mv', 'old name.txt', 'new name.txt');
    chmodSync(join(r.dir, 'run.sh'), 0o755);
    r.write({ 'crlf.txt': 'a\r\nb\r\n', 'eof.txt': 'x\ny', 'bin.dat': Buffer.from([0, 1, 2, 3, 0, 255]).toString('latin1'), 'tab\there é.txt': 'tabbed\n' });
    r.commit('shapes');
    const files = (await resolveDiff({ cwd: r.dir, base: 'main' })).files;
    const by = new Map(files.map((f) => [f.path, f]));
    expect(by.get('new name.txt')).toMatchObject({ status: 'renamed', oldPath: 'old name.txt', additions: 0, deletions: 0 });
    expect(by.get('run.sh')).toMatchObject({ status: 'modified', additions: 0, deletions: 0, oldMode: '100644', newMode: '100755' });
    expect([...by.get('crlf.txt')!.addedLines]).toEqual([[2, 'b']]);
    expect(by.get('eof.txt')).toMatchObject({ additions: 2, deletions: 1 });
    expect([...by.get('eof.txt')!.addedLines]).toEqual([[1, 'x'], [2, 'y']]);
    expect(by.get('bin.dat')).toMatchObject({ status: 'added', binary: true });
    expect([...by.get('tab\there é.txt')!.addedLines.values()]).toEqual(['tabbed']);
    expect(files).toHaveLength(6);
  });
});

describe('refs that look like options (attack: a branch named --upload-pack=x)', () => {
  it('rejects a base that starts with "-" with a typed error, and runs nothing', async () => {
    const r = repo();
    r.commit('x', { 'b.txt': 'b\n' });
    const marker = join(r.dir, 'pwned');
    const error = await resolveDiff({ cwd: r.dir, base: `--upload-pack=touch ${marker}` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LokiError);
    expect((error as LokiError).code).toBe('UNSAFE_REF');
    expect(existsSync(marker)).toBe(false);
    const head = await resolveDiff({ cwd: r.dir, base: 'main', head: '--output=/tmp/x' }).catch((e: unknown) => e);
    expect((head as LokiError).code).toBe('UNSAFE_REF');
  });
});

describe('attributes in the change cannot hide lines (attack: .gitattributes "* -diff")', () => {
  it('reads the lines of a file the change marks as binary through .gitattributes', async () => {
    const r = repo();
    r.commit('hide', { '.gitattributes': '*.txt -diff\n', 'hidden.txt': `${SECRET}\n` });
    const hidden = (await resolveDiff({ cwd: r.dir, base: 'main' })).files.find((f) => f.path === 'hidden.txt');
    expect([...hidden!.addedLines.values()]).toEqual([SECRET]);
    expect(hidden!.binary).toBe(false);
  });
});
