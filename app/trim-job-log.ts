/** Bounds of the log text that goes into a prompt. */
export const LOG_LINES_BEFORE = 60;
export const LOG_LINES_AFTER = 20;
export const LOG_CHARS = 12_000;

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;
const ERROR_LINE = /##\[error\]|\berror\b|\bfailed\b|\bfailure\b|✖|not ok\b/i;

/**
 * The failing part of an Actions job log: timestamps dropped, the lines around the first
 * `##[error]` (else the first line that reads as an error, else the end), at most LOG_CHARS.
 */
export function trimJobLog(log: string): string {
  const lines = log.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(TIMESTAMP, ''));
  let at = lines.findIndex((l) => l.includes('##[error]'));
  if (at === -1) at = lines.findIndex((l) => ERROR_LINE.test(l));
  const part = at === -1 ? lines.slice(-LOG_LINES_BEFORE) : lines.slice(Math.max(0, at - LOG_LINES_BEFORE), at + LOG_LINES_AFTER + 1);
  const text = part.join('\n').trim();
  return text.length <= LOG_CHARS ? text : `…${text.slice(text.length - LOG_CHARS)}`;
}
