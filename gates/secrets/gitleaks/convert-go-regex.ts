/**
 * Go (RE2) regex → JavaScript. Handles what gitleaks configs use: a leading `(?i)`/`(?s)`/`(?m)`
 * becomes flags, `(?P<name>` becomes `(?<name>`, `\z` and `\A` become anchors, and POSIX classes
 * inside brackets are expanded. Scoped or mid-pattern flags (`(?i:…)`, `a(?i)b`) have no JS
 * equivalent here: those patterns are refused with the reason.
 */
export type ConvertedRegex = { ok: true; source: string; flags: string } | { ok: false; reason: string };

const POSIX: Record<string, string> = {
  alnum: 'A-Za-z0-9', alpha: 'A-Za-z', digit: '0-9', lower: 'a-z', upper: 'A-Z', space: '\\s', xdigit: '0-9A-Fa-f',
  word: '\\w', punct: '!-\\/:-@\\[-`{-~', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f', print: '\\x20-\\x7e', graph: '\\x21-\\x7e',
};

const UNBOUNDED = String.raw`(?:[+*]|\{\d+,\})`;
const NESTED_UNBOUNDED = new RegExp(String.raw`\((?:[^()\\]|\\.)*${UNBOUNDED}(?:[^()\\]|\\.)*\)${UNBOUNDED}`);

export function convertGoRegex(pattern: string): ConvertedRegex {
  let source = pattern;
  let flags = '';
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading) {
    if (leading[1]!.includes('U')) return { ok: false, reason: 'the (?U) flag (ungreedy) has no JavaScript equivalent' };
    flags = [...new Set(leading[1]!.replace(/[^ims]/g, ''))].join('');
    source = source.slice(leading[0].length);
  }
  if (/\(\?[imsU-]+:/.test(source)) return { ok: false, reason: 'scoped flags like (?i:…) are Go-only syntax' };
  if (/\(\?[imsU-]+\)/.test(source)) return { ok: false, reason: 'mid-pattern flags like a(?i)b are Go-only syntax' };
  source = source
    .replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>')
    .replace(/\\z/g, '$')
    .replace(/\\A/g, '^')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole, negate: string, name: string) => {
      const expansion = POSIX[name];
      return expansion && !negate ? expansion : whole;
    })
    .replace(/\\Q(.*?)\\E/g, (_m, literal: string) => literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  if (/\[:\^?[a-z]+:\]/.test(source)) return { ok: false, reason: 'an unsupported POSIX character class' };
  // RE2 is linear whatever the pattern; JavaScript is not. A quantified group that itself holds
  // a quantifier, like (a+)+, can take exponential time, and one regex call cannot be interrupted.
  if (NESTED_UNBOUNDED.test(source)) {
    return { ok: false, reason: 'a repeated group that contains a repetition (like (a+)+) can backtrack catastrophically in JavaScript' };
  }
  try {
    new RegExp(source, flags);
  } catch (error) {
    return { ok: false, reason: `not a valid JavaScript regex: ${(error as Error).message}` };
  }
  return { ok: true, source, flags };
}
