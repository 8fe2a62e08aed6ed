import type { CompiledRule, CompiledRuleSet } from './compile-rules.js';
import { shannonEntropy } from './entropy.js';
import { secretDigest, secretFingerprint } from './fingerprint-secret.js';
import { hasStopword, isPlaceholder } from './is-placeholder.js';
import { findKeywords } from './keyword-automaton.js';
import { isPublishedExample } from './published-example.js';
import { sampleTokenReason } from './sample-token.js';
import { redactMatch, redactSecret } from './redact.js';
import type { SecretFinding, SuppressedFinding, SuppressionReason } from './types.js';
import { passesValidator } from './validate-match.js';

export interface TextInput {
  /** Path relative to the scan root, `/`-separated. */
  path: string;
  text: string;
  /** Real line number of each line of `text` (diff mode: added lines only); default 1, 2, 3… */
  lines?: readonly number[];
}

/** Suppressions and limits, compiled once per thread. */
export interface ScanContext {
  allowRegexes: RegExp[];
  stopwords: string[];
  ignore: ReadonlySet<string>;
  fileBudgetMs: number;
  inlineAllow: boolean;
}

export interface TextScanOutcome {
  findings: SecretFinding[];
  suppressed: SuppressedFinding[];
  /** Set when the time budget ran out before every rule had run. */
  incomplete?: string;
}

const INLINE_ALLOW = /gitleaks:allow|loki:allow/;

/**
 * Scans one text in a single pass of the keyword automaton, then runs only the rules whose
 * keywords occur. Rules run in priority order; a later rule cannot report a span an earlier one
 * already claimed, so the generic rule never doubles a specific finding.
 */
export function scanText(input: TextInput, ruleSet: CompiledRuleSet, context: ScanContext): TextScanOutcome {
  const started = performance.now();
  const { text } = input;
  const outcome: TextScanOutcome = { findings: [], suppressed: [] };
  const selected = selectRules(ruleSet, text);
  const claimed: Array<[number, number]> = [];
  const lines = new LineIndex(text, input.lines);

  for (const ruleIndex of selected) {
    const rule = ruleSet.rules[ruleIndex]!;
    if (rule.allowPath?.(input.path)) continue;
    rule.regex.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.regex.exec(text)) !== null) {
      if (m[0].length === 0) rule.regex.lastIndex++;
      if (performance.now() - started > context.fileBudgetMs) {
        outcome.incomplete = `time budget of ${context.fileBudgetMs} ms ran out at rule ${rule.source.id}`;
        return outcome;
      }
      const candidate = toCandidate(rule, m);
      if (!candidate || overlaps(claimed, candidate.start, candidate.end)) continue;
      claimed.push([candidate.start, candidate.end]);
      const finding = toFinding(rule, input.path, m, candidate, lines);
      const reason = suppression(rule, finding, candidate.secret, m[0], lines, candidate.start, m.index, context);
      if (reason) outcome.suppressed.push({ ...finding, suppressedBy: reason });
      else outcome.findings.push(finding);
    }
  }
  return outcome;
}

function selectRules(ruleSet: CompiledRuleSet, text: string): number[] {
  const found = findKeywords(ruleSet.automaton, text);
  const run = new Uint8Array(ruleSet.rules.length);
  for (const i of ruleSet.alwaysRun) run[i] = 1;
  for (let k = 0; k < found.length; k++) if (found[k]) for (const i of ruleSet.keywordRules[k]!) run[i] = 1;
  const selected: number[] = [];
  for (let i = 0; i < run.length; i++) if (run[i]) selected.push(i);
  return selected;
}

interface Candidate {
  secret: string;
  start: number;
  end: number;
  entropy: number;
}

/** The secret inside a match, or undefined when it is a placeholder, too regular, or fails the rule's validator. */
function toCandidate(rule: CompiledRule, m: RegExpExecArray): Candidate | undefined {
  const secret = m[rule.secretGroup];
  if (!secret) return undefined;
  const entropy = shannonEntropy(secret);
  // Short strings cannot reach high entropy: the floor scales down with the length.
  const floor = Math.min(rule.source.entropy ?? 0, Math.log2(secret.length) * 0.85);
  if (entropy < floor) return undefined;
  // A key block's secret spans lines: its indentation and escaped line breaks are layout, not a repeated run.
  if (rule.source.origin !== 'gitleaks' && isPlaceholder(secret.replace(/\s+|\\+[rn]/g, ''))) return undefined;
  if (!passesValidator(rule.source.validator, secret, m[0], m.input.slice(Math.max(0, m.index - 40), m.index)) || isPublishedExample(secret)) return undefined;
  const offset = rule.secretGroup === 0 ? 0 : m[0].lastIndexOf(secret);
  const start = m.index + Math.max(0, offset);
  return { secret, start, end: start + secret.length, entropy };
}

function overlaps(claimed: ReadonlyArray<[number, number]>, start: number, end: number): boolean {
  return claimed.some(([s, e]) => start < e && s < end);
}

function toFinding(rule: CompiledRule, path: string, m: RegExpExecArray, c: Candidate, lines: LineIndex): SecretFinding {
  const { line, column } = lines.position(c.start);
  const digest = secretDigest(c.secret);
  return {
    ruleId: rule.source.id,
    description: rule.source.description,
    file: path,
    line,
    column,
    match: redactMatch(m[0], c.secret),
    redacted: redactSecret(c.secret),
    fingerprint: secretFingerprint(rule.source.id, path, digest),
    secretDigest: digest,
    entropy: Math.round(c.entropy * 100) / 100,
    ...sampleFields(rule.source.id, c.secret),
  };
}

function suppression(
  rule: CompiledRule,
  finding: SecretFinding,
  secret: string,
  match: string,
  lines: LineIndex,
  secretStart: number,
  matchStart: number,
  context: ScanContext,
): SuppressionReason | undefined {
  if (context.inlineAllow && (INLINE_ALLOW.test(lines.lineText(matchStart)) || INLINE_ALLOW.test(lines.lineText(secretStart)))) return 'inline-comment';
  if (context.ignore.has(finding.fingerprint) || context.ignore.has(`${finding.file}:${finding.ruleId}:${finding.line}`)) return 'ignore-file';
  if (rule.allowRegexes.some((r) => r.test(secret)) || hasStopword(secret, rule.stopwords)) return 'rule-allowlist';
  if (context.allowRegexes.some((r) => r.test(secret) || r.test(match)) || hasStopword(secret, context.stopwords)) return 'allow-regex';
  return undefined;
}

/** Offset → line and column, built lazily: most files have no candidate at all. */
class LineIndex {
  private starts: number[] | undefined;

  constructor(
    private readonly text: string,
    private readonly lines: readonly number[] | undefined,
  ) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    return this.starts;
  }

  private lineIndexOf(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): { line: number; column: number } {
    const index = this.lineIndexOf(offset);
    const line = this.lines?.[index] ?? index + 1;
    return { line, column: offset - (this.lineStarts()[index] as number) + 1 };
  }

  lineText(offset: number): string {
    const index = this.lineIndexOf(offset);
    const start = this.lineStarts()[index] as number;
    const end = this.text.indexOf('\n', start);
    return this.text.slice(start, end === -1 ? undefined : end);
  }
}

function sampleFields(ruleId: string, secret: string): { sample?: string } {
  const sample = sampleTokenReason(ruleId, secret);
  return sample ? { sample } : {};
}
