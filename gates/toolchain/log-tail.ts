import { stripVTControlCharacters } from 'node:util';

/** The last lines of a log, for a finding's message, without colour codes. */
export function logTail(log: string, lines = 20, maxChars = 2_000): string {
  const tail = stripVTControlCharacters(log).trimEnd().split('\n').slice(-lines).join('\n');
  return tail.length > maxChars ? `…${tail.slice(tail.length - maxChars)}` : tail;
}
