import picomatch from 'picomatch';

/**
 * The one glob matcher for repository paths, on picomatch: `**` crosses directories, `*` and `?`
 * do not, `{a,b}` alternations, `[abc]`/`[0-9]` classes, dot-files included. A pattern without a
 * slash matches at any depth, as in .gitignore. In a list, a `!pattern` excludes what an earlier
 * pattern included (the last pattern that matches decides, as in .gitignore). Parentheses are
 * literal (no extglobs): `app/(group)/page.tsx` is a real path in Next.js projects.
 */
export interface GlobOptions {
  /** A pattern naming a directory also matches everything below it (`vendor` → `vendor/x.js`). */
  descendants?: boolean;
}

const PICOMATCH = { dot: true, noextglob: true } as const;
const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string, options: GlobOptions = {}): RegExp {
  const key = `${options.descendants ? 'd' : '-'}${pattern}`;
  const cached = cache.get(key);
  if (cached) return cached;
  // picomatch reads parentheses as regex groups even without extglobs: make them literal.
  const body = pattern.replace(/^\.?\//, '').replace(/(?<!\\)[()]/g, '\\$&');
  const anywhere = body.includes('/') ? body : `**/${body}`;
  const regex = picomatch.makeRe(options.descendants ? `${anywhere}{,/**}` : anywhere, PICOMATCH);
  cache.set(key, regex);
  return regex;
}

export function matchGlob(path: string, pattern: string, options?: GlobOptions): boolean {
  return pattern.startsWith('!') ? !globToRegExp(pattern.slice(1), options).test(path) : globToRegExp(pattern, options).test(path);
}

export function matchesAny(path: string, patterns: readonly string[], options?: GlobOptions): boolean {
  return compileGlobs(patterns, options)(path);
}

export function compileGlobs(patterns: readonly string[], options?: GlobOptions): (path: string) => boolean {
  const rules = patterns.map((p) => (p.startsWith('!') ? { exclude: true, regex: globToRegExp(p.slice(1), options) } : { exclude: false, regex: globToRegExp(p, options) }));
  if (!rules.some((r) => r.exclude)) return (path) => rules.some((r) => r.regex.test(path));
  return (path) => {
    let matched = false;
    for (const rule of rules) if (rule.regex.test(path)) matched = !rule.exclude;
    return matched;
  };
}
