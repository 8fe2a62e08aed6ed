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
