/**
 * Path globs for allowlists: `**` crosses directories, `*` and `?` do not; a pattern without a
 * slash matches a base name anywhere (as in .gitignore). Compiled to linear regexes.
 */
export function globToRegExp(glob: string): RegExp {
  const anchored = glob.includes('/') ? glob.replace(/^\//, '') : `**/${glob}`;
  let out = '';
  for (let i = 0; i < anchored.length; i++) {
    const ch = anchored[i] as string;
    if (ch === '*') {
      if (anchored[i + 1] === '*') {
        const slash = anchored[i + 2] === '/';
        out += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A directory pattern covers everything under it.
  return new RegExp(`^${out}(?:/.*)?$`);
}

export function compileGlobs(globs: readonly string[]): (path: string) => boolean {
  const regexes = globs.map(globToRegExp);
  return (path) => regexes.some((r) => r.test(path));
}
