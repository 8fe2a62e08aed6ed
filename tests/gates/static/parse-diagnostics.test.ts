import { describe, expect, it } from 'vitest';
import { parseEslintJson } from '../../../gates/static/parse-eslint-json.js';
import { parseLineDiagnostics, parseTscOutput } from '../../../gates/static/parse-diagnostics.js';

describe('parseTscOutput', () => {
  it('reads plain and pretty tsc diagnostics, and ones that name no file', () => {
    const text = [
      "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.",
      "/repo/src/b.ts:10:1 - error TS2304: Cannot find name 'foo'.",
      "error TS5023: Unknown compiler option 'strictest'.",
      '  Found 3 errors.',
    ].join('\n');
    expect(parseTscOutput(text, '/repo')).toEqual([
      { tool: 'tsc', file: 'src/a.ts', line: 3, column: 7, code: 'TS2322', message: "TS2322: Type 'string' is not assignable to type 'number'.", kind: 'type' },
      { tool: 'tsc', file: 'src/b.ts', line: 10, column: 1, code: 'TS2304', message: "TS2304: Cannot find name 'foo'.", kind: 'type' },
      { tool: 'tsc', code: 'TS5023', message: "TS5023: Unknown compiler option 'strictest'.", kind: 'type' },
    ]);
  });
});

describe('parseLineDiagnostics', () => {
  it('reads flake8/ruff, go vet and clippy short output', () => {
    const text = [
      "./app/a.py:1:1: F401 'os' imported but unused",
      './app/a.py:3:80: W291 trailing whitespace',
      '# example.com/m',
      './main.go:6:2: fmt.Printf format %d has arg "x" of wrong type string',
      'src/main.rs:3:18: error[E0308]: mismatched types',
      'src/main.rs:4:8: error: equal expressions as operands to `==`',
      'src/main.rs:2:9: warning: unused variable: `x`',
      "src/app.js:2:7: 'u' is assigned a value but never used. [Error/no-unused-vars]",
      'error: could not compile `demo` (bin "demo") due to 1 previous error',
      '    at Object.<anonymous> (/x/a.js:3:5)',
    ].join('\n');
    const found = parseLineDiagnostics(text, '/repo', 'x').map((d) => [d.file, d.line, d.code, d.kind]);
    expect(found).toEqual([
      ['app/a.py', 1, 'F401', 'lint'],
      ['app/a.py', 3, 'W291', 'warning'],
      ['main.go', 6, undefined, 'lint'],
      ['src/main.rs', 3, 'E0308', 'type'],
      ['src/main.rs', 4, undefined, 'lint'],
      ['src/main.rs', 2, undefined, 'warning'],
      ['src/app.js', 2, 'no-unused-vars', 'lint'],
    ]);
  });
});

describe('mypy-style type checker output', () => {
  it('reads `file:line: error: message  [code]` as type errors and skips notes', () => {
    const text = ['app/a.py:3: error: Incompatible types in assignment (expression has type "str", variable has type "int")  [assignment]', 'app/a.py:3: note: See https://mypy.rtfd.io', 'Found 1 error in 1 file (checked 2 source files)'].join('\n');
    expect(parseLineDiagnostics(text, '/repo', 'typecheck', 'type').map((d) => [d.file, d.line, d.kind])).toEqual([['app/a.py', 3, 'type']]);
  });
});

describe('parseEslintJson', () => {
  it('reads errors, warnings and fatal parse errors, and drops "file ignored" notices', () => {
    const report = JSON.stringify([
      { filePath: '/repo/src/a.js', messages: [{ ruleId: 'no-unused-vars', severity: 2, message: "'x' is unused.", line: 1, column: 7 }, { ruleId: 'eqeqeq', severity: 1, message: 'Expected ===.', line: 2, column: 3 }] },
      { filePath: '/repo/src/b.js', messages: [{ ruleId: null, severity: 2, fatal: true, message: 'Parsing error: Unexpected token', line: 4, column: 1 }] },
      { filePath: '/repo/dist/c.js', messages: [{ ruleId: null, severity: 1, message: 'File ignored because of a matching ignore pattern.' }] },
    ]);
    expect(parseEslintJson(report, '/repo')?.map((d) => [d.file, d.line, d.code, d.kind])).toEqual([
      ['src/a.js', 1, 'no-unused-vars', 'lint'],
      ['src/a.js', 2, 'eqeqeq', 'warning'],
      ['src/b.js', 4, undefined, 'syntax'],
    ]);
    expect(parseEslintJson('Oops! Something went wrong', '/repo')).toBeUndefined();
  });
});
