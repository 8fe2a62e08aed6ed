/**
 * Reads the table-driven test cases of a Go test file (`{ name: …, input: …, want: … }`) without a
 * Go toolchain: a tokenizer, then a tiny evaluator for the expressions such tables use (string
 * literals, `+`, package-level string variables, `fmt.Sprintf`, `[]string{…}`, `nil`). A case whose
 * expressions use anything else is skipped and counted, never guessed.
 */
export interface GoTestCase {
  name: string;
  input: string;
  /** The strings the detector must report; empty: the input must stay silent. */
  want: string[];
}

export interface GoTestCases {
  cases: GoTestCase[];
  /** Cases with an `input:` whose expressions could not be evaluated. */
  unreadable: number;
}

type Token = { kind: 'str'; value: string; at: number } | { kind: 'id' | 'punct'; value: string; at: number };

const PUNCT = [':=', '...', '(', ')', '{', '}', '[', ']', ',', '+', '=', ':', ';', '.', '&', '*', '-', '<', '>', '!', '|', '/', '%'];

function unquote(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[0-7]{3}|.)/g, (_, e: string) => {
    if (e[0] === 'x' || e[0] === 'u') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[e] ?? e;
  });
}

export function tokenizeGo(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) i++;
    else if (source.startsWith('//', i)) i = source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i);
    else if (source.startsWith('/*', i)) i = source.indexOf('*/', i + 2) === -1 ? source.length : source.indexOf('*/', i + 2) + 2;
    else if (ch === '`') {
      const end = source.indexOf('`', i + 1);
      const stop = end === -1 ? source.length : end;
      tokens.push({ kind: 'str', value: source.slice(i + 1, stop).replace(/\r/g, ''), at: i });
      i = stop + 1;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== '"' && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      tokens.push({ kind: 'str', value: unquote(source.slice(i + 1, j)), at: i });
      i = j + 1;
    } else if (ch === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== "'" && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      tokens.push({ kind: 'id', value: '<rune>', at: i });
      i = j + 1;
    } else if (/[A-Za-z_0-9]/.test(ch)) {
      const m = /^[A-Za-z_0-9]+/.exec(source.slice(i, i + 200)) as RegExpExecArray;
      tokens.push({ kind: 'id', value: m[0], at: i });
      i += m[0].length;
    } else {
      const p = PUNCT.find((q) => source.startsWith(q, i)) ?? ch;
      tokens.push({ kind: 'punct', value: p, at: i });
      i += p.length;
    }
  }
  return tokens;
}

class Unsupported extends Error {}

type Value = string | string[];

/** Evaluates expressions over the file's tokens; package-level `name = expr` bindings resolve lazily. */
class Evaluator {
  private readonly bindings = new Map<string, number>();
  private readonly resolving = new Set<string>();

  constructor(private readonly tokens: Token[]) {
    for (let k = 0; k + 2 < tokens.length; k++) {
      const t = tokens[k] as Token;
      const next = tokens[k + 1] as Token;
      if (t.kind === 'id' && next.kind === 'punct' && (next.value === '=' || next.value === ':=') && !this.bindings.has(t.value)) this.bindings.set(t.value, k + 2);
    }
  }

  /** Evaluates the expression at token `k`; returns the value and the index after it. */
  expr(k: number): [Value, number] {
    let [value, next] = this.term(k);
    while (this.isPunct(next, '+')) {
      const [right, after] = this.term(next + 1);
      if (typeof value !== 'string' || typeof right !== 'string') throw new Unsupported('+ on a list');
      value += right;
      next = after;
    }
    return [value, next];
  }

  private isPunct(k: number, p: string): boolean {
    const t = this.tokens[k];
    return t?.kind === 'punct' && t.value === p;
  }

  private term(k: number): [Value, number] {
    const t = this.tokens[k];
    if (!t) throw new Unsupported('end of file');
    if (t.kind === 'str') return [t.value, k + 1];
    if (t.kind === 'id' && t.value === 'nil') return [[], k + 1];
    if (this.isPunct(k, '[') && this.isPunct(k + 1, ']') && this.tokens[k + 2]?.value === 'string' && this.isPunct(k + 3, '{')) return this.list(k + 4);
    if (t.kind === 'id' && t.value === 'string' && this.isPunct(k + 1, '(')) return this.wrapped(k + 2);
    if (this.isPunct(k, '[') && this.isPunct(k + 1, ']') && this.tokens[k + 2]?.value === 'byte' && this.isPunct(k + 3, '(')) return this.wrapped(k + 4);
    if (t.kind === 'id' && t.value === 'fmt' && this.isPunct(k + 1, '.') && this.tokens[k + 2]?.value === 'Sprintf' && this.isPunct(k + 3, '(')) return this.sprintf(k + 4);
    if (t.kind === 'id' && /^[A-Za-z_]\w*$/.test(t.value) && !this.isPunct(k + 1, '.') && !this.isPunct(k + 1, '(')) return [this.lookup(t.value), k + 1];
    throw new Unsupported(`expression at ${t.value}`);
  }

  private wrapped(k: number): [Value, number] {
    const [value, next] = this.expr(k);
    if (!this.isPunct(next, ')')) throw new Unsupported('conversion');
    return [value, next + 1];
  }

  private list(k: number): [Value, number] {
    return this.strings(k, '}', 'nested list', 'list syntax');
  }

  /** Comma-separated string expressions up to `closer`: a `[]string{…}` body or a call's arguments. */
  private strings(k: number, closer: string, notString: string, badSyntax: string): [string[], number] {
    const items: string[] = [];
    let next = k;
    while (!this.isPunct(next, closer)) {
      const [value, after] = this.expr(next);
      if (typeof value !== 'string') throw new Unsupported(notString);
      items.push(value);
      next = this.isPunct(after, ',') ? after + 1 : after;
      if (next === after && !this.isPunct(after, closer)) throw new Unsupported(badSyntax);
    }
    return [items, next + 1];
  }

  private sprintf(k: number): [Value, number] {
    // `next` is past the closing parenthesis.
    const [args, next] = this.strings(k, ')', 'list argument', 'call syntax');
    const [format, ...rest] = args;
    if (format === undefined) throw new Unsupported('Sprintf without a format');
    let used = 0;
    const text = format.replace(/%([sqv%])/g, (_, verb: string) => {
      if (verb === '%') return '%';
      const arg = rest[used++];
      if (arg === undefined) throw new Unsupported('Sprintf argument missing');
      return verb === 'q' ? JSON.stringify(arg) : arg;
    });
    if (/%[^sqv%]/.test(format)) throw new Unsupported('Sprintf verb');
    return [text, next];
  }

  private lookup(name: string): Value {
    const at = this.bindings.get(name);
    if (at === undefined || this.resolving.has(name)) throw new Unsupported(`unbound ${name}`);
    this.resolving.add(name);
    try {
      return this.expr(at)[0];
    } finally {
      this.resolving.delete(name);
    }
  }
}

/** The `{ name, input, want }` cases of one Go test file. */
export function readGoTestCases(source: string): GoTestCases {
  const tokens = tokenizeGo(source);
  const evaluator = new Evaluator(tokens);
  const field = (k: number, name: string) => tokens[k]?.kind === 'id' && tokens[k]?.value === name && tokens[k + 1]?.value === ':';
  const cases: GoTestCase[] = [];
  let unreadable = 0;
  for (let k = 0; k < tokens.length; k++) {
    if (!field(k, 'input')) continue;
    try {
      const [input, after] = evaluator.expr(k + 2);
      if (typeof input !== 'string') throw new Unsupported('input is a list');
      let want: Value | undefined;
      let name = '';
      // The case's other fields: back to the opening brace, forward to the closing one.
      for (let j = k - 1, depth = 0; j >= 0 && j > k - 40; j--) {
        const t = tokens[j] as Token;
        if (t.value === '}') depth++;
        if (t.value === '{' && depth-- === 0) break;
        if (depth === 0 && field(j, 'name') && tokens[j + 2]?.kind === 'str') name = tokens[j + 2]!.value;
      }
      for (let j = after, depth = 0; j < tokens.length; j++) {
        const t = tokens[j] as Token;
        if (t.value === '{') depth++;
        if (t.value === '}' && depth-- === 0) break;
        if (depth === 0 && field(j, 'want')) {
          want = evaluator.expr(j + 2)[0];
          break;
        }
      }
      if (want === undefined) throw new Unsupported('no want');
      cases.push({ name, input, want: typeof want === 'string' ? [want] : want });
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      unreadable++;
    }
  }
  return { cases, unreadable };
}
