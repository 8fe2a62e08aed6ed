import { compileFlaggedRegex } from './compile-flagged-regex.js';
import { buildKeywordAutomaton, type KeywordAutomaton } from './keyword-automaton.js';
import type { RuleSource } from './types.js';

export interface CompiledRule {
  source: RuleSource;
  regex: RegExp;
  secretGroup: number;
  allowRegexes: RegExp[];
  allowPath: ((path: string) => boolean) | undefined;
  stopwords: string[];
}

export interface CompiledRuleSet {
  rules: CompiledRule[];
  automaton: KeywordAutomaton;
  /** keyword index → rules it enables. */
  keywordRules: number[][];
  /** Rules without keywords: they run on every file. */
  alwaysRun: number[];
  /** Rules that could not be compiled, with the reason. */
  warnings: string[];
}

/** Compiles rule sources once per thread: regexes, per-rule allowlists and the shared keyword automaton. */
export function compileRules(sources: readonly RuleSource[]): CompiledRuleSet {
  const rules: CompiledRule[] = [];
  const warnings: string[] = [];
  for (const source of sources) {
    try {
      rules.push(compileRule(source));
    } catch (error) {
      warnings.push(`rule ${source.id} skipped: ${(error as Error).message}`);
    }
  }
  const keywords: string[] = [];
  const keywordIndex = new Map<string, number>();
  const keywordRules: number[][] = [];
  const alwaysRun: number[] = [];
  rules.forEach((rule, ruleIndex) => {
    const usable = rule.source.keywords.map((k) => k.toLowerCase()).filter((k) => /^[\x20-\x7e]+$/.test(k));
    // A non-ASCII keyword cannot enter the automaton: the rule then runs on every file.
    if (usable.length === 0 || usable.length < rule.source.keywords.length) {
      alwaysRun.push(ruleIndex);
      return;
    }
    for (const k of usable) {
      let index = keywordIndex.get(k);
      if (index === undefined) {
        index = keywords.length;
        keywords.push(k);
        keywordIndex.set(k, index);
        keywordRules.push([]);
      }
      keywordRules[index]!.push(ruleIndex);
    }
  });
  return { rules, automaton: buildKeywordAutomaton(keywords), keywordRules, alwaysRun, warnings };
}

function compileRule(source: RuleSource): CompiledRule {
  const flags = `g${(source.flags ?? '').replace(/[gy]/g, '')}`;
  const regex = new RegExp(source.regex, flags);
  const groups = countCaptureGroups(source.regex);
  const secretGroup = source.secretGroup ?? (groups > 0 ? 1 : 0);
  if (secretGroup > groups) throw new Error(`secretGroup ${secretGroup} but the regex has ${groups} group(s)`);
  const allow = source.allowlist;
  return {
    source,
    regex,
    secretGroup,
    allowRegexes: (allow?.regexes ?? []).map(compileFlaggedRegex),
    allowPath: allow?.paths?.length ? matchAny(allow.paths.map(compileFlaggedRegex)) : undefined,
    stopwords: allow?.stopwords ?? [],
  };
}

function matchAny(regexes: RegExp[]): (path: string) => boolean {
  return (path) => regexes.some((r) => r.test(path));
}

/** Capture groups in a regex source, by reading it (compiling a variant just to count would double the start-up cost). */
export function countCaptureGroups(source: string): number {
  let count = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(' && (source[i + 1] !== '?' || (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!'))) count++;
  }
  return count;
}
