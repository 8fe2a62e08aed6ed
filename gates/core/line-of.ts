/** The 1-based number of the first line of `text` that contains `needle`, or undefined. */
export function lineOf(text: string, needle: string): number | undefined {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  return index >= 0 ? index + 1 : undefined;
}
