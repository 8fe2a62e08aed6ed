/**
 * Matchers for the integrity rules that a regex cannot express in linear time. Every rule reads
 * untrusted text (diff lines, test sources), so each matcher reads a line once: a backreference
 * such as `expect\(\s*([^()]+?)\s*\)…\(\s*\1\s*\)` backtracks cubically (`expect(` and 3,000
 * spaces took 17.6 s), and an unanchored `call\(.*\{skip` rescans the line from every call.
 */

/** What a line rule applies: a RegExp, or a matcher with the same two methods. */
export interface LinePattern {
  test(text: string): boolean;
  /** The match, `index` where the marker starts (a RegExp may name what precedes it `lead`). */
  exec(text: string): { index: number; groups?: Record<string, string | undefined> } | null;
}

function matcher(find: (text: string) => number): LinePattern {
  return {
    test: (text) => find(text) >= 0,
    exec: (text) => {
      const index = find(text);
      return index >= 0 ? { index } : null;
    },
  };
}

const SPACE = /\s/;

function skipSpace(text: string, at: number): number {
  while (at < text.length && SPACE.test(text[at]!)) at++;
  return at;
}

/** Copies a RegExp with the g flag, so `lastIndex` walks its matches. */
function global(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
}

/** Copies a RegExp with the y flag: it matches only where `lastIndex` points. */
function sticky(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.includes('y') ? pattern.flags : `${pattern.flags}y`);
}

export interface SameOperandsShape {
  /** The call up to and including its `(` (no quantifier that can overlap what follows). */
  opener: RegExp;
  /** Characters that end the first operand. */
  stops: string;
  /** What comes between the two operands, read where the first one stopped. */
  between: RegExp;
  /** Characters one of which must follow the second operand (after spaces). */
  after: string;
}

/**
 * A comparison of one operand with itself — `expect(x).toBe(x)`, `assert.equal(x, x)`. Each
 * opener's first operand runs to the next stop character, and every opener ends in `(` (a stop),
 * so the operands and the text between them never overlap from one opener to the next: linear.
 * The operands are compared trimmed, as the backreference did.
 */
export function sameOperands(shape: SameOperandsShape): LinePattern {
  const opener = global(shape.opener);
  const between = sticky(shape.between);
  return matcher((text) => {
    opener.lastIndex = 0;
    for (let m = opener.exec(text); m; m = opener.exec(text)) {
      const start = m.index + m[0].length;
      let end = start;
      while (end < text.length && !shape.stops.includes(text[end]!)) end++;
      const operand = text.slice(start, end).trim();
      if (!operand) continue;
      between.lastIndex = end;
      const gap = between.exec(text);
      if (!gap) continue;
      const second = end + gap[0].length;
      if (!text.startsWith(operand, second)) continue;
      const close = skipSpace(text, second + operand.length);
      if (close < text.length && shape.after.includes(text[close]!)) return m.index;
    }
    return -1;
  });
}

/**
 * `then` anywhere after the first `call` on the line (`test('x', { skip: true }, …)`). The first
 * call is the only one to try: every later call's rest of the line is part of the first one's.
 * Both patterns must be linear themselves (no `.*`).
 */
export function afterFirstCall(call: RegExp, then: RegExp): LinePattern {
  const first = new RegExp(call.source, call.flags.replace(/[gy]/g, ''));
  const rest = global(then);
  return matcher((text) => {
    const m = first.exec(text);
    if (!m) return -1;
    rest.lastIndex = m.index + m[0].length;
    return rest.exec(text) ? m.index : -1;
  });
}
