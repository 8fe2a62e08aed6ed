/**
 * One Aho–Corasick automaton for every rule's keywords, compiled to a dense DFA over a small
 * case-folded alphabet, so a file is read once, at a few nanoseconds per character, whatever
 * the number of rules. Characters that occur in no keyword share one class.
 */
export interface KeywordAutomaton {
  keywords: readonly string[];
  /** ASCII code → alphabet class (0 = not in any keyword). */
  classes: Uint8Array;
  alphabetSize: number;
  /** state * alphabetSize + class → next state. */
  delta: Int32Array;
  /** Per state: index into `outputLists` of the keywords ending there, or -1. */
  output: Int32Array;
  outputLists: number[][];
}

export function buildKeywordAutomaton(keywords: readonly string[]): KeywordAutomaton {
  const folded = keywords.map((k) => k.toLowerCase());
  for (const k of folded) {
    if (k.length === 0 || /[^\x20-\x7e]/.test(k)) throw new Error(`keyword must be printable ASCII: ${JSON.stringify(k)}`);
  }
  const classes = new Uint8Array(128);
  let alphabetSize = 1;
  for (const k of folded) {
    for (const ch of k) {
      const code = ch.charCodeAt(0);
      if (classes[code] === 0) {
        classes[code] = alphabetSize;
        const upper = ch.toUpperCase().charCodeAt(0);
        if (upper !== code) classes[upper] = alphabetSize;
        alphabetSize++;
      }
    }
  }
  if (alphabetSize > 255) throw new Error('too many distinct keyword characters');

  // Trie edges straight into the dense table (0 = no edge yet; the root is never a target),
  // then failure links by breadth-first search fill in the missing transitions.
  const maxStates = folded.reduce((n, k) => n + k.length, 1);
  const delta = new Int32Array(maxStates * alphabetSize);
  const outputs: number[][] = [[]];
  let count = 1;
  folded.forEach((k, index) => {
    let state = 0;
    for (const ch of k) {
      const slot = state * alphabetSize + (classes[ch.charCodeAt(0)] as number);
      if (delta[slot] === 0) {
        delta[slot] = count++;
        outputs.push([]);
      }
      state = delta[slot] as number;
    }
    outputs[state]!.push(index);
  });

  const fail = new Int32Array(count);
  const isTrieEdge = new Uint8Array(delta.length);
  for (let i = 0; i < count * alphabetSize; i++) if (delta[i] !== 0) isTrieEdge[i] = 1;
  const queue: number[] = [];
  for (let c = 1; c < alphabetSize; c++) if (delta[c] !== 0) queue.push(delta[c] as number);
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number;
    const failRow = (fail[state] as number) * alphabetSize;
    outputs[state]!.push(...outputs[fail[state] as number]!);
    for (let c = 0; c < alphabetSize; c++) {
      const slot = state * alphabetSize + c;
      if (c !== 0 && isTrieEdge[slot]) {
        const next = delta[slot] as number;
        fail[next] = delta[failRow + c] as number;
        queue.push(next);
      } else {
        delta[slot] = delta[failRow + c] as number;
      }
    }
  }

  const output = new Int32Array(count).fill(-1);
  const outputLists: number[][] = [];
  outputs.forEach((list, state) => {
    if (list.length > 0) {
      output[state] = outputLists.length;
      outputLists.push([...new Set(list)]);
    }
  });
  return { keywords: folded, classes, alphabetSize, delta: delta.slice(0, count * alphabetSize), output, outputLists };
}

/** Which keywords occur in the text (case-insensitive): a flag per keyword index. */
export function findKeywords(automaton: KeywordAutomaton, text: string): Uint8Array {
  const { classes, alphabetSize, delta, output, outputLists } = automaton;
  const found = new Uint8Array(automaton.keywords.length);
  let state = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    state = delta[state * alphabetSize + (code < 128 ? (classes[code] as number) : 0)] as number;
    const out = output[state] as number;
    if (out >= 0) for (const k of outputLists[out]!) found[k] = 1;
  }
  return found;
}
