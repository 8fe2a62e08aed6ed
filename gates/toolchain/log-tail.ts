/** The last lines of a log, for a finding's message. */
export function logTail(log: string, lines = 20, maxChars = 2_000): string {
  const tail = log.trimEnd().split('\n').slice(-lines).join('\n');
  return tail.length > maxChars ? `…${tail.slice(tail.length - maxChars)}` : tail;
}
