import { describe, expect, it } from 'vitest';
import { compileGlobs, globToRegExp, matchGlob } from '../../../gates/core/match-glob.js';

describe('matchGlob', () => {
  it('keeps * inside a segment and lets ** cross directories', () => {
    expect(matchGlob('src/a.ts', 'src/*.ts')).toBe(true);
    expect(matchGlob('src/deep/a.ts', 'src/*.ts')).toBe(false);
    expect(matchGlob('src/deep/a.ts', 'src/**/*.ts')).toBe(true);
    expect(matchGlob('src/a.ts', 'src/**/*.ts')).toBe(true);
  });

  it('matches a slash-less pattern at any depth, like .gitignore', () => {
    expect(matchGlob('a/b/conftest.py', 'conftest.py')).toBe(true);
    expect(matchGlob('a/b/x.test.js', '*.test.js')).toBe(true);
    expect(matchGlob('a/conftest.py.bak', 'conftest.py')).toBe(false);
  });

  it('supports {a,b} alternations and escapes regex characters', () => {
    expect(matchGlob('x.spec.tsx', '*.spec.{ts,tsx}')).toBe(true);
    expect(matchGlob('x.spec.js', '*.spec.{ts,tsx}')).toBe(false);
    expect(matchGlob('a+b.txt', 'a+b.txt')).toBe(true);
    expect(matchGlob('aab.txt', 'a+b.txt')).toBe(false);
  });

  it('covers what is below a directory only when asked to', () => {
    expect(matchGlob('vendor/lib/x.js', 'vendor')).toBe(false);
    expect(compileGlobs(['vendor'], { descendants: true })('vendor/lib/x.js')).toBe(true);
    expect(compileGlobs(['vendor'], { descendants: true })('vendored.js')).toBe(false);
  });
});

describe('matchGlob on picomatch: what the old matcher lacked', () => {
  it('supports [] character classes', () => {
    expect(matchGlob('test/unit1.test.js', 'test/unit[0-9].test.js')).toBe(true);
    expect(matchGlob('test/unitx.test.js', 'test/unit[0-9].test.js')).toBe(false);
    expect(matchGlob('a/B.txt', '[AB].txt')).toBe(true);
  });

  it('lets a later !pattern exclude what an earlier one included, last match wins', () => {
    const protectedPaths = compileGlobs(['.github/**', '!.github/ISSUE_TEMPLATE/**']);
    expect(protectedPaths('.github/workflows/ci.yml')).toBe(true);
    expect(protectedPaths('.github/ISSUE_TEMPLATE/bug.md')).toBe(false);
    expect(compileGlobs(['*.js', '!vendor/**', 'vendor/keep.js'])('vendor/keep.js')).toBe(true);
    expect(matchGlob('src/a.ts', '!*.js')).toBe(true);
  });

  it('matches dot-files, nested braces and literal parentheses', () => {
    expect(matchGlob('.github/workflows/a.yml', '**/*.yml')).toBe(true);
    expect(matchGlob('src/x.test.tsx', 'src/*.{test,spec}.{ts,tsx}')).toBe(true);
    expect(matchGlob('app/(group)/page.tsx', 'app/(group)/*.tsx')).toBe(true);
    expect(matchGlob('app/group/page.tsx', 'app/(group)/*.tsx')).toBe(false);
    expect(globToRegExp('x/*.js')).toBeInstanceOf(RegExp);
  });
});
