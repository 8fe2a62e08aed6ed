import { describe, expect, it } from 'vitest';
import { describeCut, fitDiff } from '../../../runner/review/fit-diff.js';

const file = (path: string, lines: number) => `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -0,0 +1,${lines} @@\n${'+line\n'.repeat(lines)}`;

describe('fitDiff', () => {
  it('keeps a diff that fits as it is', () => {
    const diff = file('a.js', 3);
    expect(fitDiff(diff, 1_000)).toEqual({ text: diff });
  });

  it('shows whole files while they fit and names every file it leaves out', () => {
    const diff = file('a.js', 10) + file('b.js', 200) + file('c.js', 1);
    const fitted = fitDiff(diff, 400);
    expect(fitted.text).toBe(file('a.js', 10));
    expect(fitted.cut).toMatchObject({ limit: 400, totalChars: diff.length, shownChars: file('a.js', 10).length, unseen: ['b.js', 'c.js'] });
  });

  it('cuts a first file that alone is too long, and names it as shown in part; deleted files are named by their old path', () => {
    const deleted = 'diff --git a/gone.js b/gone.js\ndeleted file mode 100644\n--- a/gone.js\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n';
    const diff = file('big.js', 500) + deleted;
    const fitted = fitDiff(diff, 300);
    expect(fitted.text).toHaveLength(300);
    expect(fitted.cut?.unseen).toEqual(['big.js', 'gone.js']);
    expect(describeCut(fitted.cut!)).toBe(`the diff is incomplete: it was cut at 300 characters (300 of ${diff.length.toLocaleString('en-US')} shown); not shown, or only in part: big.js, gone.js`);
  });
});
