import { describe, expect, it } from 'vitest';
import { fitToLimit } from '../../github/fit-to-limit.js';

describe('fitToLimit', () => {
  it('leaves text that fits untouched', () => {
    expect(fitToLimit('short', 10, { pointer: 'more elsewhere' })).toBe('short');
  });

  it('cuts to the limit in characters, ending with the pointer, at a nearby line break', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n');
    const out = fitToLimit(text, 500, { pointer: 'full report: report.md' });
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out.endsWith('\n\nfull report: report.md')).toBe(true);
    expect(out.split('\n\nfull report')[0]!.split('\n').every((line) => /^line \d+$/.test(line))).toBe(true);
  });

  it('counts bytes when asked, and never splits a surrogate pair or a multi-byte character', () => {
    const text = '😀'.repeat(1000); // 4 bytes and 2 UTF-16 units each
    const out = fitToLimit(text, 1001, { pointer: 'p', unit: 'bytes' });
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(1001);
    expect(out).not.toContain('\uFFFD');
    expect(out.replace(/\n\np$/, '')).toMatch(/^(😀)+$/);
    expect(fitToLimit(text, 1001, { pointer: 'p' }).length).toBeLessThanOrEqual(1001);
  });
});
