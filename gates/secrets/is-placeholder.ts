/**
 * Values that look like a secret's slot rather than a secret: documentation examples, template
 * and environment references, masked values, and runs that no generator would produce.
 */
const PLACEHOLDER_MARKS = /your[_\-]?(?:api|key|token|secret|pass)|xxxx|\*\*\*\*|\.\.\.|<[^>]*>|\$\{|\{\{|%\(|%s/i;
/** Words that mark a slot only as words of the value, not as letters inside a random run (`…thisisfakeZDq…`). */
const PLACEHOLDER_WORDS = /example|placeholder|changeme|change_me|redacted|dummy|sample|fake|insert|replace|todo/gi;
const ENV_REFERENCE = /^(?:\$[A-Za-z_({]|%[A-Za-z_]+%|process\.env|import\.meta\.env|os\.environ|os\.getenv|env\.|env\[|ENV\[|getenv|secrets\.|vars\.|Deno\.env)/;
const SEQUENCES = ['0123456789', 'abcdefghij', 'ABCDEFGHIJ', 'qwertyuiop'];

export function isPlaceholder(secret: string): boolean {
  if (PLACEHOLDER_MARKS.test(secret) || ENV_REFERENCE.test(secret) || hasPlaceholderWord(secret)) return true;
  // A run of one character is a mask when it is a good part of the value; inside a long key body
  // (an OpenSSH key's header has nine `A`s) it is data.
  if (/(.)\1{7}/.test(secret)) {
    let masked = 0;
    for (const run of secret.matchAll(/(.)\1{5,}/g)) masked += run[0].length;
    if (masked * 4 >= secret.length) return true;
  }
  return SEQUENCES.some((s) => secret.includes(s));
}

const isAlnum = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9]/.test(ch);
const isLower = (ch: string | undefined) => ch !== undefined && /[a-z]/.test(ch);
const isUpper = (ch: string | undefined) => ch !== undefined && /[A-Z]/.test(ch);

/** A placeholder word standing as a word: at an edge, between separators, or at a camelCase/digit boundary. */
function hasPlaceholderWord(secret: string): boolean {
  PLACEHOLDER_WORDS.lastIndex = 0;
  for (let m = PLACEHOLDER_WORDS.exec(secret); m !== null; m = PLACEHOLDER_WORDS.exec(secret)) {
    const before = secret[m.index - 1];
    const after = secret[m.index + m[0].length];
    const first = m[0][0];
    const last = m[0][m[0].length - 1];
    const leftEdge = !isAlnum(before) || (isLower(before) && isUpper(first));
    const rightEdge = !isAlnum(after) || /[0-9]/.test(after as string) || (isLower(last) && isUpper(after));
    if (leftEdge && rightEdge) return true;
  }
  return false;
}

export function hasStopword(secret: string, stopwords: readonly string[]): boolean {
  if (stopwords.length === 0) return false;
  const lower = secret.toLowerCase();
  return stopwords.some((w) => lower.includes(w.toLowerCase()));
}
