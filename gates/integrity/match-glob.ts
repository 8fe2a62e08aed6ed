/**
 * A small glob matcher for repository paths (Node 20 has no stable `path.matchesGlob`).
 * `**` crosses directories, `*` and `?` do not, `{a,b}` is an alternation. A pattern without a
 * slash matches the file's base name anywhere, as in .gitignore.
 */
export function matchGlob(path: string, pattern: string): boolean {
  const target = pattern.includes('/') ? path : (path.split('/').pop() ?? path);
  return globToRegExp(pattern.replace(/^\.?\//, '')).test(target);
}

const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  let source = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
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
    else source += ch.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`);
  cache.set(pattern, regex);
  return regex;
}
