import type { RandomText } from '../random-text.js';
import type { RuleSource } from '../types.js';

/**
 * Builders for the built-in rules. A rule is written once as a format (literal prefix, charset,
 * length) and yields both its regex and a generator of synthetic positives and near misses, so
 * every rule is tested against its own format and nothing real-looking is stored in the repo.
 */

export interface Charset {
  /** Body of a regex character class. */
  cls: string;
  alphabet: string;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

export const CS = {
  alnum: { cls: 'A-Za-z0-9', alphabet: UPPER + LOWER + DIGITS },
  alpha: { cls: 'A-Za-z', alphabet: UPPER + LOWER },
  upper: { cls: 'A-Z', alphabet: UPPER },
  hex: { cls: 'a-f0-9', alphabet: 'abcdef' + DIGITS },
  hexUpper: { cls: 'A-F0-9', alphabet: 'ABCDEF' + DIGITS },
  hexAny: { cls: 'a-fA-F0-9', alphabet: 'abcdefABCDEF' + DIGITS },
  upperAlnum: { cls: 'A-Z0-9', alphabet: UPPER + DIGITS },
  lowerAlnum: { cls: 'a-z0-9', alphabet: LOWER + DIGITS },
  b64url: { cls: 'A-Za-z0-9_\\-', alphabet: UPPER + LOWER + DIGITS + '_-' },
  b64: { cls: 'A-Za-z0-9+/', alphabet: UPPER + LOWER + DIGITS + '+/' },
  digits: { cls: '0-9', alphabet: DIGITS },
} satisfies Record<string, Charset>;

/** A literal, or a run of a charset: [charset, length] or [charset, min, max]. */
export type Part = string | readonly [Charset, number] | readonly [Charset, number, number];

export interface NearMiss {
  text: string;
  /** True: no rule at all may report it (a decoy); false: only this rule must stay silent. */
  silent: boolean;
}

export interface RuleDefinition extends RuleSource {
  /** A line of code or config holding a synthetic positive for this rule. */
  sample(r: RandomText): string;
  /** Lines that look like the format but are not findings for this rule. */
  nearMisses(r: RandomText): NearMiss[];
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function partRegex(part: Part): string {
  if (typeof part === 'string') return escapeRegex(part);
  const [set, min, max] = part;
  return `[${set.cls}]{${max === undefined ? min : `${min},${max}`}}`;
}

type Fill = 'random' | 'short' | 'flat';

function partText(part: Part, r: RandomText, fill: Fill, isLast: boolean): string {
  if (typeof part === 'string') return part;
  const [set, min, max] = part;
  const length = fill === 'short' && isLast ? Math.max(0, min - 1) : max === undefined ? min : r.int(min, Math.min(max, min + 8));
  return fill === 'flat' ? (set.alphabet[0] as string).repeat(length) : r.chars(set.alphabet, length);
}

function lastVariable(parts: readonly Part[]): number {
  for (let i = parts.length - 1; i >= 0; i--) if (typeof parts[i] !== 'string') return i;
  return -1;
}

export function renderParts(parts: readonly Part[], r: RandomText, fill: Fill = 'random'): string {
  const last = lastVariable(parts);
  return parts.map((p, i) => partText(p, r, fill, i === last)).join('');
}

function endClass(parts: readonly Part[]): string {
  const last = parts[lastVariable(parts)];
  return typeof last === 'string' || last === undefined ? 'A-Za-z0-9' : last[0].cls;
}

interface TokenOptions {
  entropy?: number;
  keywords?: string[];
  /** Line templates; `$` is replaced by the token. */
  contexts?: string[];
}

const TOKEN_CONTEXTS = ['const token = "$";', 'TOKEN=$', '  key: $', "export const credential = '$'", '"value": "$",'];

/**
 * A credential with a distinctive literal prefix and a random body (ghp_…, xoxb-…, sk_live_…).
 * The match must not be glued to a longer word on either side.
 */
export function token(id: string, description: string, parts: readonly Part[], options: TokenOptions = {}): RuleDefinition {
  const first = parts.find((p): p is string => typeof p === 'string');
  const keywords = options.keywords ?? (first ? [first.toLowerCase()] : []);
  if (keywords.length === 0) throw new Error(`rule ${id} needs a keyword`);
  const contexts = options.contexts ?? TOKEN_CONTEXTS;
  const wrap = (r: RandomText, text: string) => r.pick(contexts).replace('$', () => text);
  return {
    id,
    description,
    keywords,
    regex: `(?<![A-Za-z0-9])(${parts.map(partRegex).join('')})(?![${endClass(parts)}])`,
    secretGroup: 1,
    entropy: options.entropy ?? 3,
    origin: 'loki',
    sample: (r) => wrap(r, renderParts(parts, r)),
    nearMisses: (r) => [
      { text: wrap(r, renderParts(parts, r, 'short')), silent: false },
      { text: wrap(r, renderParts(parts, r, 'flat')), silent: true },
    ],
  };
}

/** After a vendor's name: more words of the name (`assemblyai Key`, `new relic license key`), then a binder or a call's `(`. */
const ASSIGN = `[\\w.\\- ]{0,24}?[\\s"'\`]{0,3}(?:=|:=|:|=>|\\()[\\s"'\`]{0,5}`;

/**
 * A credential with no distinctive shape (a bare hex key or UUID) that is a secret because of the
 * name it is assigned to: `DATADOG_API_KEY = "…"`. Case-insensitive.
 */
export function named(id: string, description: string, names: readonly string[], parts: readonly Part[], options: Omit<TokenOptions, 'contexts'> = {}): RuleDefinition {
  const label = (names[0] as string).toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const line = (value: string) => `${label}_API_KEY = "${value}"`;
  return {
    id,
    description,
    keywords: options.keywords ?? names.map((n) => n.toLowerCase()),
    // The vendor's name starts a word: `SetSysctl` holds "etsy" and is no Etsy key's name.
    regex: `(?<![A-Za-z0-9])(?:${names.map(escapeRegex).join('|')})${ASSIGN}(${parts.map(partRegex).join('')})(?![${endClass(parts)}])`,
    flags: 'i',
    secretGroup: 1,
    entropy: options.entropy ?? 3,
    origin: 'loki',
    sample: (r) => line(renderParts(parts, r)),
    nearMisses: (r) => [
      { text: `const colour = "${renderParts(parts, r)}";`, silent: false },
      { text: line(renderParts(parts, r, 'flat')), silent: true },
      { text: `${label}_API_KEY = process.env.${label}_API_KEY`, silent: true },
      { text: `Set${names[0]}ctl("${renderParts(parts, r)}")`, silent: false },
    ],
  };
}

/** A rule whose regex, sample and near misses are written by hand (keys, URLs, JWTs). */
export function custom(definition: Omit<RuleDefinition, 'origin'>): RuleDefinition {
  return { ...definition, origin: 'loki' };
}
