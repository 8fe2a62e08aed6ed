import { posix } from 'node:path';
import { isTestSideFile } from './classify-path.js';
import { codeRegions, JS_LIKE } from './mask-strings.js';

/**
 * The source modules a test file imports: what it tests. Relative JavaScript/TypeScript imports
 * (import, export … from, require, import()) resolved to a repository path without its extension,
 * Python imports as paths (`pkg.mod` → `pkg/mod`), and for Go the package folder itself. Packages,
 * the standard library and test-side files (helpers, fixtures) are not the subject. In JavaScript
 * only imports in code count: one named in a comment or a string is not an import.
 */
export function modulesUnderTest(path: string, text: string, testPatterns: readonly string[] = []): Set<string> {
  if (path.endsWith('_test.go')) return new Set([`go:${posix.dirname(path)}`]);
  const found = JS_LIKE.test(path) ? jsImports(path, text) : path.endsWith('.py') ? pythonImports(path, text).map((m) => `py:${m}`) : [];
  // A helper or another test file is not what the test tests.
  return new Set([...new Set(found)].filter((m) => !isTestSideFile(`${m.replace(/^py:/, '')}.js`, testPatterns)));
}

/**
 * Whether a test of `module` tests `subject`: the same module, or for Python a package and a
 * module in it (`from pkg import mod` and `from pkg.mod import f` name the same code).
 */
export function testsSameModule(module: string, subject: string): boolean {
  if (module === subject) return true;
  if (!module.startsWith('py:') || !subject.startsWith('py:')) return false;
  return module.startsWith(`${subject}/`) || subject.startsWith(`${module}/`);
}

/** `from '…'`, `import '…'`, `require('…')`, `import('…')`: the keyword, then a quoted specifier. */
const JS_IMPORT = /\b(?:from|import|require)\s*(?:\(\s*)?(['"])([^'"\n]{1,500})\1/g;
const EXTENSION = /\.(?:[cm]?[jt]sx?)$/;

function jsImports(path: string, text: string): string[] {
  const regions = codeRegions(text);
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    JS_IMPORT.lastIndex = 0;
    for (let m = JS_IMPORT.exec(line); m; m = JS_IMPORT.exec(line)) {
      if (regions[i]?.[m.index] === false) continue;
      const spec = m[2]!;
      if (!spec.startsWith('./') && !spec.startsWith('../')) continue;
      out.push(moduleId(posix.join(posix.dirname(path), spec)));
    }
  });
  return out;
}

/** A module path without its extension or `/index`: `src/math.js`, `src/math.ts` and `src/math` are one module. */
export function moduleId(path: string): string {
  return posix.normalize(path).replace(EXTENSION, '').replace(/\/index$/, '').replace(/\/__init__$/, '');
}

const PY_FROM = /^\s*from\s+([\w.]+)\s+import\b/;
const PY_IMPORT = /^\s*import\s+([\w.]+(?:\s*,\s*[\w.]+)*)/;
/** Imports that are never the code under test. */
const PY_NOT_SUBJECT = new Set([
  'os', 'sys', 're', 'json', 'math', 'time', 'datetime', 'typing', 'pathlib', 'collections', 'itertools', 'functools', 'subprocess',
  'tempfile', 'shutil', 'io', 'dataclasses', 'enum', 'abc', 'asyncio', 'logging', 'random', 'string', 'textwrap', 'contextlib',
  'unittest', 'pytest', 'hypothesis', 'mock', 'doctest', '__future__',
]);

function pythonImports(path: string, text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const from = PY_FROM.exec(line);
    if (from) {
      const dots = /^\.*/.exec(from[1]!)![0];
      const name = from[1]!.slice(dots.length);
      if (dots) {
        let dir = posix.dirname(path);
        for (let i = 1; i < dots.length; i++) dir = posix.dirname(dir);
        out.push(moduleId(posix.join(dir, ...(name ? name.split('.') : []))));
      } else if (name && !PY_NOT_SUBJECT.has(name.split('.')[0]!)) out.push(name.split('.').join('/'));
      continue;
    }
    const plain = PY_IMPORT.exec(line);
    if (!plain) continue;
    for (const name of plain[1]!.split(',').map((n) => n.trim())) if (!PY_NOT_SUBJECT.has(name.split('.')[0]!)) out.push(name.split('.').join('/'));
  }
  return out;
}
