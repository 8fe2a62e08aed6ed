/**
 * Compiles an allowlist pattern. A leading `(?i)`, `(?s)` or `(?m)` group (Go / gitleaks style,
 * also accepted in `secrets.allow_regexes`) becomes the JavaScript flag.
 */
export function compileFlaggedRegex(source: string): RegExp {
  const m = /^\(\?([ims]+)\)/.exec(source);
  return m ? new RegExp(source.slice(m[0].length), [...new Set(m[1])].join('')) : new RegExp(source);
}
