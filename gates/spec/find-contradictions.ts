import type { Requirement } from './spec-schema.js';

export interface Contradiction {
  /** What the numbers are about, e.g. "password|length". */
  subject: string;
  statements: Array<{ requirementId: string; text: string; value: number }>;
}

/** Units folded to one base per dimension, so "30 minutes" and "1 hour" compare while "30 minutes" and "1800 s" agree. */
const UNITS: Array<{ pattern: RegExp; dimension: string; factor: number }> = [
  { pattern: /^(ms|msec|milliseconds?)$/, dimension: 'time', factor: 0.001 },
  { pattern: /^(s|secs?|seconds?)$/, dimension: 'time', factor: 1 },
  { pattern: /^(m|mins?|minutes?)$/, dimension: 'time', factor: 60 },
  { pattern: /^(h|hrs?|hours?)$/, dimension: 'time', factor: 3600 },
  { pattern: /^(days?)$/, dimension: 'time', factor: 86_400 },
  { pattern: /^(b|bytes?)$/, dimension: 'size', factor: 1 },
  { pattern: /^(kb|kib|kilobytes?)$/, dimension: 'size', factor: 1024 },
  { pattern: /^(mb|mib|megabytes?)$/, dimension: 'size', factor: 1024 ** 2 },
  { pattern: /^(gb|gib|gigabytes?)$/, dimension: 'size', factor: 1024 ** 3 },
  { pattern: /^(%|percent)$/, dimension: 'percent', factor: 1 },
];

const COUNTED = /^(characters?|chars?|items?|users?|requests?|attempts?|retries|tries|times|files?|rows?|results?|entries|pages?|digits?|letters?|words?|members?|seats?|connections?|messages?|uploads?|sessions?|devices?)$/;

const MIN = /\b(at least|minimum( of)?|min\.?|no (fewer|less) than|more than|over|above|exceeds?)\s*$/;
const MAX = /\b(at most|maximum( of)?|max\.?|up to|no more than|less than|fewer than|under|below|within|limit(ed)? to|cap(ped)? at)\s*$/;

const STOP = new Set(
  'a an the and or of to in on at for by with from as is are be been being must should shall will can may might could would has have had it its this that these those than then after before within every each per up no not least most over under into upto more less fewer maximum minimum max min exactly only just about around approximately limit limited cap capped set default defaults long need needs require requires required contain contains support supports allow allows accept accepts take takes hold holds'.split(' '),
);

const BEFORE_WINDOW = 160;
const EXCERPT_CHARS = 160;

const NUMBER = /(\d+(?:[.,]\d+)?)\s*(%|[a-zA-Z]+)?/g;

/**
 * Finds the same quantity stated with different values: "passwords of at least 8 characters"
 * here and "at least 12 characters" for passwords there. The subject is the two content words
 * before the number plus its unit and direction (min / max / exact), so "at least 8" and "at
 * most 64" characters do not clash.
 */
export function findContradictions(requirements: readonly Requirement[]): Contradiction[] {
  const bySubject = new Map<string, Contradiction>();
  const seen = new Set<string>();
  for (const r of requirements) {
    for (const sentence of sentences(`${r.title}. ${r.text}`)) {
      for (const match of sentence.matchAll(NUMBER)) {
        const stated = measure(sentence, match);
        if (!stated) continue;
        const entry = bySubject.get(stated.subject) ?? { subject: stated.subject, statements: [] };
        const once = `${stated.subject}\u0000${r.id}\u0000${stated.value}`;
        if (!seen.has(once)) {
          seen.add(once);
          entry.statements.push({ requirementId: r.id, text: excerpt(sentence, match.index ?? 0), value: stated.value });
        }
        bySubject.set(stated.subject, entry);
      }
    }
  }
  return [...bySubject.values()].filter((c) => new Set(c.statements.map((s) => s.value)).size > 1);
}

function measure(sentence: string, match: RegExpMatchArray): { subject: string; value: number } | undefined {
  const raw = match[1];
  if (!raw || match.index === undefined) return undefined;
  const unitWord = (match[2] ?? '').toLowerCase();
  const unit = UNITS.find((u) => u.pattern.test(unitWord));
  const counted = !unit && COUNTED.test(unitWord) ? unitWord.replace(/(ies)$/, 'y').replace(/s$/, '') : undefined;
  if (!unit && !counted) return undefined;
  // What names the quantity sits just before the number: a bounded window keeps a long sentence of numbers linear.
  const before = sentence.slice(Math.max(0, match.index - BEFORE_WINDOW), match.index).toLowerCase();
  // A version, a date or a list number is not a quantity.
  if (/[\d.]$/.test(before) || /\bv$/.test(before)) return undefined;
  const direction = MIN.test(before) ? 'min' : MAX.test(before) ? 'max' : 'exact';
  const content = before
    .split(/[^a-z]+/)
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map((w) => w.replace(/s$/, ''));
  const subjectWords = content.slice(-2);
  if (subjectWords.length === 0) return undefined;
  const value = Number(raw.replace(',', '.')) * (unit?.factor ?? 1);
  return { subject: `${subjectWords.join(' ')}|${unit?.dimension ?? counted}|${direction}`, value };
}

/** The sentence, or the part of a long one around the number: quoted in a message, it must stay short. */
function excerpt(sentence: string, at: number): string {
  const text = sentence.trim();
  if (text.length <= EXCERPT_CHARS) return text;
  const start = Math.max(0, Math.min(at - EXCERPT_CHARS / 2, sentence.length - EXCERPT_CHARS));
  return `${start > 0 ? '…' : ''}${sentence.slice(start, start + EXCERPT_CHARS).trim()}${start + EXCERPT_CHARS < sentence.length ? '…' : ''}`;
}

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?;])\s+|\n+/).filter((s) => s.trim() !== '');
}
