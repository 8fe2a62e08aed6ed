/**
 * A TOML reader for the subset gitleaks configs use: tables, arrays of tables, dotted headers,
 * basic/literal/multi-line strings, numbers, booleans, arrays and inline tables. Enough to read
 * `.gitleaks.toml`; not a general TOML implementation (no dates).
 */
export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export class TomlError extends Error {}

export function parseToml(text: string): TomlTable {
  return new TomlReader(text).document();
}

class TomlReader {
  private pos = 0;
  private line = 1;

  constructor(private readonly src: string) {}

  document(): TomlTable {
    const root: TomlTable = {};
    let current = root;
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.src.length) return root;
      if (this.src[this.pos] === '[') current = this.header(root);
      else {
        this.keyValue(current);
        this.endOfLine();
      }
    }
  }

  private fail(message: string): never {
    throw new TomlError(`line ${this.line}: ${message}`);
  }

  private skipTrivia(): void {
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === '\n') this.line++;
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') this.pos++;
      else if (ch === '#') while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      else return;
    }
  }

  private skipSpaces(): void {
    while (this.src[this.pos] === ' ' || this.src[this.pos] === '\t') this.pos++;
  }

  private endOfLine(): void {
    this.skipSpaces();
    if (this.src[this.pos] === '#') while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
    if (this.src[this.pos] === '\r') this.pos++;
    if (this.pos < this.src.length && this.src[this.pos] !== '\n') this.fail(`unexpected "${this.src[this.pos]}" after a value`);
  }

  private header(root: TomlTable): TomlTable {
    const array = this.src.startsWith('[[', this.pos);
    this.pos += array ? 2 : 1;
    const path = this.keyPath();
    this.skipSpaces();
    if (!this.src.startsWith(array ? ']]' : ']', this.pos)) this.fail('unterminated table header');
    this.pos += array ? 2 : 1;
    this.endOfLine();
    let table = root;
    path.slice(0, -1).forEach((key) => {
      let next = table[key];
      if (next === undefined) next = table[key] = {};
      if (Array.isArray(next)) next = next[next.length - 1] as TomlValue;
      if (typeof next !== 'object' || Array.isArray(next)) this.fail(`"${key}" is not a table`);
      table = next;
    });
    const last = path[path.length - 1] as string;
    if (array) {
      const list = (table[last] ??= []);
      if (!Array.isArray(list)) this.fail(`"${last}" is not an array of tables`);
      const fresh: TomlTable = {};
      list.push(fresh);
      return fresh;
    }
    const existing = (table[last] ??= {});
    if (typeof existing !== 'object' || Array.isArray(existing)) this.fail(`"${last}" is not a table`);
    return existing;
  }

  private keyPath(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.skipSpaces();
      const ch = this.src[this.pos];
      if (ch === '"' || ch === "'") keys.push(this.string());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(this.src.slice(this.pos, this.pos + 200));
        if (!m) this.fail('expected a key');
        keys.push(m[0]);
        this.pos += m[0].length;
      }
      this.skipSpaces();
      if (this.src[this.pos] !== '.') return keys;
      this.pos++;
    }
  }

  private keyValue(table: TomlTable): void {
    const path = this.keyPath();
    this.skipSpaces();
    if (this.src[this.pos] !== '=') this.fail('expected "="');
    this.pos++;
    this.skipSpaces();
    let target = table;
    for (const key of path.slice(0, -1)) {
      const next = (target[key] ??= {});
      if (typeof next !== 'object' || Array.isArray(next)) this.fail(`"${key}" is not a table`);
      target = next;
    }
    target[path[path.length - 1] as string] = this.value();
  }

  private value(): TomlValue {
    const ch = this.src[this.pos];
    if (ch === '"' || ch === "'") return this.string();
    if (ch === '[') return this.array();
    if (ch === '{') return this.inlineTable();
    const m = /^(?:true|false|[+-]?(?:inf|nan)|[+-]?[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][+-]?[0-9]+)?)/.exec(this.src.slice(this.pos, this.pos + 100));
    if (!m) this.fail('expected a value');
    this.pos += m[0].length;
    if (m[0] === 'true' || m[0] === 'false') return m[0] === 'true';
    return Number(m[0].replace(/_/g, ''));
  }

  private array(): TomlValue[] {
    this.pos++;
    const items: TomlValue[] = [];
    for (;;) {
      this.skipTrivia();
      if (this.src[this.pos] === ']') {
        this.pos++;
        return items;
      }
      items.push(this.value());
      this.skipTrivia();
      if (this.src[this.pos] === ',') this.pos++;
      else if (this.src[this.pos] !== ']') this.fail('expected "," or "]" in an array');
    }
  }

  private inlineTable(): TomlTable {
    this.pos++;
    const table: TomlTable = {};
    this.skipSpaces();
    if (this.src[this.pos] === '}') {
      this.pos++;
      return table;
    }
    for (;;) {
      this.keyValue(table);
      this.skipSpaces();
      const ch = this.src[this.pos++];
      if (ch === '}') return table;
      if (ch !== ',') this.fail('expected "," or "}" in an inline table');
    }
  }

  private string(): string {
    const quote = this.src[this.pos] as string;
    const multi = this.src.startsWith(quote.repeat(3), this.pos);
    const delimiter = multi ? quote.repeat(3) : quote;
    this.pos += delimiter.length;
    if (multi && this.src[this.pos] === '\n') this.pos++;
    else if (multi && this.src.startsWith('\r\n', this.pos)) this.pos += 2;
    let out = '';
    for (;;) {
      if (this.pos >= this.src.length) this.fail('unterminated string');
      if (this.src.startsWith(delimiter, this.pos)) {
        this.pos += delimiter.length;
        // Up to two quotes right before the closing delimiter belong to the string.
        while (multi && this.src[this.pos] === quote) {
          out += quote;
          this.pos++;
        }
        return out;
      }
      const ch = this.src[this.pos] as string;
      if (ch === '\n') {
        if (!multi) this.fail('newline in a single-line string');
        this.line++;
      }
      if (quote === '"' && ch === '\\') {
        out += this.escape(multi);
        continue;
      }
      out += ch;
      this.pos++;
    }
  }

  private escape(multi: boolean): string {
    const next = this.src[this.pos + 1];
    this.pos += 2;
    switch (next) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'b': return '\b';
      case 'f': return '\f';
      case '"': return '"';
      case '\\': return '\\';
      case 'u':
      case 'U': {
        const length = next === 'u' ? 4 : 8;
        const hex = this.src.slice(this.pos, this.pos + length);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) this.fail('bad unicode escape');
        this.pos += length;
        return String.fromCodePoint(parseInt(hex, 16));
      }
      default:
        if (multi && (next === '\n' || next === ' ' || next === '\t' || next === '\r')) {
          // Line-ending backslash: trim the newline and the whitespace that follows.
          while (/[\s]/.test(this.src[this.pos] ?? '')) {
            if (this.src[this.pos] === '\n') this.line++;
            this.pos++;
          }
          return '';
        }
        return this.fail(`unknown escape \\${next}`);
    }
  }
}
