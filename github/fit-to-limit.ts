/** GitHub's limits on what Loki sends: check-run text in characters, a job summary in bytes. */
export const CHECK_RUN_TEXT_LIMIT = 65_535;
export const JOB_SUMMARY_BYTE_LIMIT = 1024 * 1024;

export interface FitOptions {
  /** Appended when the text is cut, e.g. where the full report lives. */
  pointer: string;
  /** How the limit is counted: GitHub counts check-run output in characters, summaries in bytes. */
  unit?: 'chars' | 'bytes';
}

/**
 * Returns the text unchanged when it fits, else its head plus the pointer, within `limit`. The cut
 * happens at a line break when one is near, so a Markdown table row or code line is not split.
 */
export function fitToLimit(text: string, limit: number, options: FitOptions): string {
  const size = options.unit === 'bytes' ? byteLength : charLength;
  if (size(text) <= limit) return text;
  const tail = `\n\n${options.pointer}`;
  const room = limit - size(tail);
  if (room <= 0) return cutTo(tail.trimStart(), limit, size);
  const head = cutTo(text, room, size);
  const lineBreak = head.lastIndexOf('\n');
  const tidy = lineBreak > head.length * 0.9 ? head.slice(0, lineBreak) : head;
  return tidy + tail;
}

function charLength(text: string): number {
  return text.length;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The longest prefix within the limit that does not end inside a surrogate pair. */
function cutTo(text: string, limit: number, size: (t: string) => number): string {
  let low = 0;
  let high = Math.min(text.length, limit);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (size(text.slice(0, mid)) <= limit) low = mid;
    else high = mid - 1;
  }
  const code = text.charCodeAt(low - 1);
  const splitsPair = low > 0 && code >= 0xd800 && code <= 0xdbff;
  return text.slice(0, splitsPair ? low - 1 : low);
}
