/**
 * Redaction: a finding shows at most a short prefix of the secret (enough to recognise the
 * kind, never enough to use it), then a fixed run of asterisks that hides the length too.
 */
export function redactSecret(secret: string): string {
  const keep = secret.length >= 20 ? 4 : secret.length >= 12 ? 2 : 0;
  return `${secret.slice(0, keep)}${'*'.repeat(8)}`;
}

/** The matched text, one line, with every occurrence of the secret replaced by its redaction. */
export function redactMatch(match: string, secret: string): string {
  const replaced = secret.length > 0 ? match.split(secret).join(redactSecret(secret)) : match;
  const oneLine = replaced.replace(/\s*\r?\n\s*/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}
