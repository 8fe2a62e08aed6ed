import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../../gates/git/parse-diff.js';

const DIFF = `diff --git a/src/a.ts b/src/a.ts
index 1111111..2222222 100644
--- a/src/a.ts
+++ b/src/a.ts
@@ -2,0 +3,2 @@ export const a = 1;
+export const b = 2;
+export const c = 3;
@@ -10 +12 @@ function f() {
-  return 1;
+  return 2;
diff --git a/test/old.test.js b/test/old.test.js
deleted file mode 100644
index 3333333..0000000
--- a/test/old.test.js
+++ /dev/null
@@ -1,2 +0,0 @@
-test('x', () => {});
-test('y', () => {});
diff --git a/lib/x.js b/src/x.js
similarity index 100%
rename from lib/x.js
rename to src/x.js
diff --git a/new file.txt b/new file.txt
new file mode 100644
index 0000000..4444444
--- /dev/null
+++ b/new file.txt
@@ -0,0 +1 @@
+hello
diff --git a/logo.png b/logo.png
index 5555555..6666666 100644
Binary files a/logo.png and b/logo.png differ
`;

describe('parseUnifiedDiff', () => {
  const files = parseUnifiedDiff(DIFF);
  const byPath = new Map(files.map((f) => [f.path, f]));

  it('maps added lines to their new-side line numbers across hunks', () => {
    const a = byPath.get('src/a.ts')!;
    expect(a.status).toBe('modified');
    expect([...a.addedLines]).toEqual([
      [3, 'export const b = 2;'],
      [4, 'export const c = 3;'],
      [12, '  return 2;'],
    ]);
    expect([...a.removedLines]).toEqual([[10, '  return 1;']]);
    expect(a.additions).toBe(3);
    expect(a.deletions).toBe(1);
  });

  it('recognises deletions, renames, additions with spaces, and binaries', () => {
    expect(byPath.get('test/old.test.js')).toMatchObject({ status: 'deleted', deletions: 2, additions: 0 });
    expect(byPath.get('src/x.js')).toMatchObject({ status: 'renamed', oldPath: 'lib/x.js' });
    expect(byPath.get('new file.txt')).toMatchObject({ status: 'added', additions: 1 });
    expect(byPath.get('logo.png')).toMatchObject({ binary: true });
    expect(files).toHaveLength(5);
  });
});
