/**
 * For JavaScript and TypeScript sources: which characters are code, as opposed to the inside of
 * a string, template literal or comment. Markers inside those are data (a test of a linter, a
 * script written to disk by a test), not code. Regex literals are not tracked: a quote inside one
 * can mislead the scan, which then errs towards reporting.
 */
export function codeRegions(text: string): boolean[][] {
  const lines: boolean[][] = [[]];
  type Mode = 'code' | "'" | '"' | '`' | 'line' | 'block';
  let mode: Mode = 'code';
  const templateDepth: number[] = [];
  let braces = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const next = text[i + 1];
    const current = lines[lines.length - 1]!;
    if (ch === '\n') {
      if (mode === 'line' || mode === "'" || mode === '"') mode = 'code';
      lines.push([]);
      continue;
    }
    if (mode === 'code') {
      current.push(true);
      if (ch === '/' && next === '/') mode = 'line';
      else if (ch === '/' && next === '*') mode = 'block';
      else if (ch === "'" || ch === '"' || ch === '`') mode = ch;
      else if (ch === '{') braces++;
      else if (ch === '}') {
        if (templateDepth.length && templateDepth[templateDepth.length - 1] === braces) {
          templateDepth.pop();
          mode = '`';
        } else braces--;
      }
      continue;
    }
    current.push(false);
    if (ch === '\\' && mode !== 'line' && mode !== 'block') {
      if (next !== undefined && next !== '\n') {
        current.push(false);
        i++;
      }
    } else if (mode === 'block' && ch === '*' && next === '/') {
      current.push(false);
      i++;
      mode = 'code';
    } else if (mode === '`' && ch === '$' && next === '{') {
      current.push(false);
      i++;
      templateDepth.push(braces);
      mode = 'code';
    } else if (mode === ch) mode = 'code';
  }
  return lines;
}

export const JS_LIKE = /\.(?:[cm]?[jt]sx?)$/;
