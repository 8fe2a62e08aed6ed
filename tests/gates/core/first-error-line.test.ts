import { describe, expect, it } from 'vitest';
import { firstErrorLine } from '../../../gates/core/first-error-line.js';

describe('firstErrorLine', () => {
  it("names node's module error, not the `throw err;` line above it", () => {
    const log = "node:internal/modules/cjs/loader:1210\n  throw err;\n  ^\n\nError: Cannot find module './helpers/fixtures.js'\nRequire stack:\n";
    expect(firstErrorLine(log)).toBe("Error: Cannot find module './helpers/fixtures.js'");
  });

  it("prefers pytest's `E   ` line (the real exception) over its error summaries", () => {
    const log = 'collected 0 items / 1 error\n\n___ ERROR collecting tests/test_a.py ___\nImportError while importing test module\nE   ModuleNotFoundError: No module named \'mypkg\'\n';
    expect(firstErrorLine(log)).toBe("ModuleNotFoundError: No module named 'mypkg'");
  });

  it("drops npm's prefix and its bare error code line", () => {
    const log = 'npm error code E404\nnpm error 404 Not Found - GET https://registry.example/left-padd - Not found\n';
    expect(firstErrorLine(log)).toBe('404 Not Found - GET https://registry.example/left-padd - Not found');
  });

  it('reads through colour codes, and finds nothing in a clean log', () => {
    expect(firstErrorLine('\u001b[31mTypeError: x is not a function\u001b[39m\n')).toBe('TypeError: x is not a function');
    expect(firstErrorLine('ok 1 - adds\n# pass 1\n')).toBeUndefined();
  });
});
