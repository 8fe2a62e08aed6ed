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

  // Trie with sparse edges first, then failure links by breadth-first search.
  const edges: Map<number, number>[] = [new Map()];
  const ends: number[][] = [[]];
  folded.forEach((k, index) => {
    let state = 0;
    for (const ch of k) {
      const c = classes[ch.charCodeAt(0)] as number;
      let next = edges[state]!.get(c);
      if (next === undefined) {
        next = edges.length;
        edges.push(new Map());
        ends.push([]);
        edges[state]!.set(c, next);
      }
      state = next;
    }
    ends[state]!.push(index);
  });

  const count = edges.length;
  const delta = new Int32Array(count * alphabetSize);
  const fail = new Int32Array(count);
  const outputs: number[][] = ends.map((e) => [...e]);
  const queue: number[] = [];
  for (let c = 1; c < alphabetSize; c++) {
    const next = edges[0]!.get(c);
    if (next !== undefined) {
      delta[c] = next;
      queue.push(next);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number;
    outputs[state]!.push(...outputs[fail[state] as number]!);
    for (let c = 0; c < alphabetSize; c++) {
      const next = c === 0 ? undefined : edges[state]!.get(c);
      if (next !== undefined) {
        fail[next] = delta[(fail[state] as number) * alphabetSize + c] as number;
        delta[state * alphabetSize + c] = next;
        queue.push(next);
      } else {
        delta[state * alphabetSize + c] = delta[(fail[state] as number) * alphabetSize + c] as number;
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
  return { keywords: folded, classes, alphabetSize, delta, output, outputLists };
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
