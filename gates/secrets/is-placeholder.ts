/**
 * Values that look like a secret's slot rather than a secret: documentation examples, template
 * and environment references, masked values, and runs that no generator would produce.
 */
const PLACEHOLDER_WORDS = /example|placeholder|changeme|change_me|redacted|dummy|sample|fake|your[_\-]?(?:api|key|token|secret|pass)|insert|replace|xxxx|\*\*\*\*|\.\.\.|todo|<[^>]*>|\$\{|\{\{|%\(|%s/i;
const ENV_REFERENCE = /^(?:\$[A-Za-z_({]|%[A-Za-z_]+%|process\.env|import\.meta\.env|os\.environ|os\.getenv|env\.|env\[|ENV\[|getenv|secrets\.|vars\.|Deno\.env)/;
const SEQUENCES = ['0123456789', 'abcdefghij', 'ABCDEFGHIJ', 'qwertyuiop'];

export function isPlaceholder(secret: string): boolean {
  if (PLACEHOLDER_WORDS.test(secret) || ENV_REFERENCE.test(secret)) return true;
  if (/(.)\1{7}/.test(secret)) return true;
  return SEQUENCES.some((s) => secret.includes(s));
}

export function hasStopword(secret: string, stopwords: readonly string[]): boolean {
  if (stopwords.length === 0) return false;
  const lower = secret.toLowerCase();
  return stopwords.some((w) => lower.includes(w.toLowerCase()));
}
