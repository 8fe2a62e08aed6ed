import { closest, distance } from 'fastest-levenshtein';

/**
 * The candidate a mistyped word most likely meant ("verfy" → "verify"), or undefined when none is
 * close enough to be a typo rather than a different word.
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || word === '') return undefined;
  const best = closest(word, [...candidates]);
  // One edit in a short word, two (a swapped pair) from four letters, three in long flags.
  const allowed = best.length <= 3 ? 1 : best.length <= 8 ? 2 : 3;
  return distance(word, best) <= allowed ? best : undefined;
}

/** " Did you mean "x"?" when there is a likely candidate, else "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const best = nearest(word, candidates);
  return best ? ` Did you mean "${best}"?` : '';
}
