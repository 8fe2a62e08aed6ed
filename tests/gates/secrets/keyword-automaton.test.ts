import { describe, expect, it } from 'vitest';
import { buildKeywordAutomaton, findKeywords } from '../../../gates/secrets/keyword-automaton.js';
import { RandomText } from '../../../gates/secrets/random-text.js';

function found(keywords: string[], text: string): string[] {
  const flags = findKeywords(buildKeywordAutomaton(keywords), text);
  return keywords.filter((_, i) => flags[i]);
}

describe('keyword automaton', () => {
  it('finds overlapping keywords through failure links', () => {
    expect(found(['he', 'she', 'his', 'hers'], 'ushers')).toEqual(['he', 'she', 'hers']);
  });

  it('is case-insensitive and ignores non-ASCII text around keywords', () => {
    expect(found(['ghp_', 'xoxb-'], 'Ünïcödé GHP_abc → done')).toEqual(['ghp_']);
    expect(found(['ghp_'], 'gh p_ gHp')).toEqual([]);
  });

  it('agrees with a naive search on random text', () => {
    const r = new RandomText(5);
    const keywords = Array.from({ length: 40 }, () => r.chars('abc_-', r.int(2, 5)));
    for (let round = 0; round < 20; round++) {
      const text = r.chars('abcABC_- x', 400);
      const naive = keywords.filter((k) => text.toLowerCase().includes(k));
      expect(found(keywords, text)).toEqual(naive);
    }
  });

  it('rejects keywords it cannot match', () => {
    expect(() => buildKeywordAutomaton(['ключ'])).toThrow(/printable ASCII/);
    expect(() => buildKeywordAutomaton([''])).toThrow(/printable ASCII/);
  });
});
