import { describe, expect, it } from 'vitest';
import { RandomText } from '../../../gates/secrets/random-text.js';
import { DEFAULT_RULES } from '../../../gates/secrets/rules/default-rules.js';
import { compileRules } from '../../../gates/secrets/compile-rules.js';
import { defaultRuleSources } from '../../../gates/secrets/rule-sources.js';
import { compileContext, defaultScanSettings } from '../../../gates/secrets/scan-settings.js';
import { scanText } from '../../../gates/secrets/scan-text.js';

const ruleSet = compileRules(defaultRuleSources());
const context = compileContext(defaultScanSettings());

function rulesFound(text: string): string[] {
  return scanText({ path: 'src/config.ts', text }, ruleSet, context).findings.map((f) => f.ruleId);
}

describe('built-in rule set', () => {
  it('has at least 150 rules with unique ids, keywords and a description', () => {
    expect(DEFAULT_RULES.length).toBeGreaterThanOrEqual(150);
    expect(new Set(DEFAULT_RULES.map((r) => r.id)).size).toBe(DEFAULT_RULES.length);
    for (const rule of DEFAULT_RULES) {
      expect(rule.keywords.length, rule.id).toBeGreaterThan(0);
      expect(rule.description.length, rule.id).toBeGreaterThan(3);
    }
  });

  it('gives every rule an entropy floor', () => {
    for (const rule of DEFAULT_RULES) expect(rule.entropy, rule.id).toBeGreaterThan(0);
  });

  it('uses only bounded quantifiers, so no rule can backtrack beyond a fixed window', () => {
    for (const rule of DEFAULT_RULES) {
      // Strip escapes and character classes, then look for +, * or {n,} outside them.
      const bare = rule.regex.replace(/\\./g, '_').replace(/\[[^\]]*\]/g, '_');
      expect(bare, rule.id).not.toMatch(/[+*]|\{\d+,\}/);
    }
  });
});

describe.each(DEFAULT_RULES.map((r) => [r.id, r] as const))('rule %s', (id, rule) => {
  it('finds its own format (three generated positives)', () => {
    const r = new RandomText(id.length * 7919);
    for (let n = 0; n < 3; n++) {
      const sample = rule.sample(r);
      expect(rulesFound(sample), sample.slice(0, 120)).toContain(id);
    }
  });

  it('stays silent on near misses', () => {
    const r = new RandomText(id.length * 104729);
    for (const miss of rule.nearMisses(r)) {
      const found = rulesFound(miss.text);
      if (miss.silent) expect(found, miss.text.slice(0, 160)).toEqual([]);
      else expect(found, miss.text.slice(0, 160)).not.toContain(id);
    }
  });
});
