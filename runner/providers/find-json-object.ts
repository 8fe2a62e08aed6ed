/**
 * Finds the one JSON object in an agent's answer: bare, in a code fence, or amid prose. Models wrap
 * JSON in explanations and fences; a regex over the text (first `{` to last `}`) glues two objects or
 * a stray brace in prose into garbage. This scans for balanced, string-aware `{…}` spans at the top
 * level and keeps those that parse as objects. Exactly one distinct object is an answer; none or
 * several is a problem the caller reports (never a guess).
 */
export type FoundJson = { ok: true; value: Record<string, unknown> } | { ok: false; problem: string };

/** An answer longer than this is refused rather than scanned (answers are a few kB). */
export const MAX_ANSWER_CHARS = 1_000_000;
/** Spans that close but do not parse (braces in prose) after which the scan gives up. */
const MAX_FALSE_STARTS = 200;

export function findJsonObject(text: string): FoundJson {
  if (text.length > MAX_ANSWER_CHARS) return { ok: false, problem: `the answer is ${text.length} characters long; at most ${MAX_ANSWER_CHARS} are read` };
  const found = new Map<string, Record<string, unknown>>();
  let falseStarts = 0;
  let i = text.indexOf('{');
  while (i >= 0) {
    const end = closingBrace(text, i);
    if (end < 0) break;
    const value = parseObject(text.slice(i, end + 1));
    if (value) {
      found.set(JSON.stringify(value), value);
      i = text.indexOf('{', end + 1);
    } else {
      if (++falseStarts > MAX_FALSE_STARTS) break;
      i = text.indexOf('{', i + 1);
    }
  }
  const objects = [...found.values()];
  if (objects.length === 1) return { ok: true, value: objects[0]! };
  if (objects.length === 0) return { ok: false, problem: 'the answer holds no JSON object' };
  return { ok: false, problem: `the answer holds ${objects.length} different JSON objects; it must hold exactly one` };
}

/** The index of the `}` that closes the `{` at `start`, skipping braces inside JSON strings; -1 if none. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

function parseObject(candidate: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(candidate);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
