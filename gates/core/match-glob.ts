/**
 * The one glob matcher for repository paths (Node 20 has no stable `path.matchesGlob`), used by
 * protected paths, secret-scan allowlists and test-file patterns. `**` crosses directories, `*`
 * and `?` do not, `{a,b}` is an alternation; a pattern without a slash matches at any depth, as
 * in .gitignore. Patterns come from the repository's own config and Loki's defaults, never from
 * untrusted text: a pattern with many `*` in one segment costs more per path, and paths are short.
 */
export interface GlobOptions {
  /** A pattern naming a directory also matches everything below it (`vendor` → `vendor/x.js`). */
  descendants?: boolean;
}

const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string, options: GlobOptions = {}): RegExp {
  const key = `${options.descendants ? 'd' : '-'}${pattern}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const body = pattern.replace(/^\.?\//, '');
  const anywhere = !body.includes('/');
  let source = '';
  let braces = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '*' && body[i + 1] === '*') {
      const slash = body[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '{') {
      braces++;
      source += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (ch === ',' && braces > 0) source += '|';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const regex = new RegExp(`^${anywhere ? '(?:.*/)?' : ''}${source}${options.descendants ? '(?:/.*)?' : ''}$`);
  cache.set(key, regex);
  return regex;
}

export function matchGlob(path: string, pattern: string, options?: GlobOptions): boolean {
  return globToRegExp(pattern, options).test(path);
}

export function matchesAny(path: string, patterns: readonly string[], options?: GlobOptions): boolean {
  return patterns.some((p) => globToRegExp(p, options).test(path));
}

export function compileGlobs(patterns: readonly string[], options?: GlobOptions): (path: string) => boolean {
  const regexes = patterns.map((p) => globToRegExp(p, options));
  return (path) => regexes.some((r) => r.test(path));
}
