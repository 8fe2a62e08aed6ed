/**
 * Minimal glob matching for protected paths: `**` spans directories, `*` and `?` stay inside one
 * path segment, a pattern without a slash matches the base name anywhere (gitignore style).
 */
export function globToRegExp(pattern: string): RegExp {
  const anchored = pattern.includes('/');
  const body = pattern.replace(/^\.\//, '').replace(/^\//, '');
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '*' && body[i + 1] === '*') {
      const slashAfter = body[i + 2] === '/';
      out += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(anchored ? `^${out}$` : `(?:^|/)${out}$`);
}

export function matchesAny(path: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => globToRegExp(p).test(path));
}
