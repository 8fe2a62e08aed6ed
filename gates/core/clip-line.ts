/** A line trimmed, and cut to `max` characters with an ellipsis: for reasons and messages that quote a tool. */
export function clipLine(text: string, max = 300): string {
  const line = text.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
