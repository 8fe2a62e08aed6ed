import { createHash } from 'node:crypto';

/**
 * A finding's id: a hash of what identifies the problem (gate, rule, file and a content key such
 * as the test name or the offending line's text), so it survives line shifts and message rewording.
 */
export function fingerprint(...parts: ReadonlyArray<string | number | undefined>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part ?? ''}\u0000`);
  return hash.digest('hex').slice(0, 16);
}

/** Whitespace-insensitive key for a line of code, so reindentation keeps the fingerprint. */
export function normaliseLine(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}
