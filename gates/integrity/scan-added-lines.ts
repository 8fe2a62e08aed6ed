import { normaliseLine } from '../evidence/fingerprint.js';
import type { ChangedFile } from '../git/parse-diff.js';
import type { FindingDraft } from '../verify/gate.js';
import { isCode, isTestConfig, isTestFile, isTestOrSetupFile } from './classify-path.js';
import { LINE_RULES, type RuleScope } from './line-rules.js';
import type { LinePattern } from './linear-matchers.js';
import { codeRegions, JS_LIKE } from './mask-strings.js';

/**
 * Applies the line rules to the lines the change adds. A marker is only "new" when the change
 * did not also remove the same line (text moved within or between files is not new).
 */
export async function scanAddedLines(files: readonly ChangedFile[], testPatterns: readonly string[], readHead: (path: string) => Promise<string | undefined> = async () => undefined): Promise<FindingDraft[]> {
  const sourceRegions = async (path: string) => {
    const text = await readHead(path);
    return text === undefined ? undefined : codeRegions(text);
  };
  const removed = countRemoved(files);
  const findings: FindingDraft[] = [];
  for (const file of files) {
    if (file.binary || file.status === 'deleted') continue;
    const scopes = scopesOf(file.path, testPatterns);
    if (scopes.size === 0) continue;
    const fileRules = LINE_RULES.filter((r) => scopes.has(r.scope));
    // A Rust source file may keep its tests in a #[cfg(test)] module: below it the test rules apply too.
    const inlineTestRules = !scopes.has('test') && file.path.endsWith('.rs') ? TEST_RULES : [];
    // The head text is read only for files with a candidate marker: most files have none.
    let code: Promise<boolean[][] | undefined> | undefined;
    let testModuleFrom: Promise<number | undefined> | undefined;
    for (const [line, text] of file.addedLines) {
      const matches = (r: (typeof LINE_RULES)[number]) => r.patterns.some((p) => p.test(text));
      let candidates = fileRules.filter(matches);
      const testCandidates = inlineTestRules.filter(matches);
      if (testCandidates.length > 0) {
        testModuleFrom ??= rustTestModuleLine(file.path, readHead);
        const from = await testModuleFrom;
        if (from !== undefined && line > from) candidates = [...candidates, ...testCandidates];
      }
      if (candidates.length === 0) continue;
      code ??= JS_LIKE.test(file.path) ? sourceRegions(file.path) : Promise.resolve(undefined);
      const regions = await code;
      const isCodeAt = regions ? (column: number) => regions[line - 1]?.[column] ?? true : undefined;
      const rule = candidates.find((r) => r.patterns.some((p) => matchesInCode(p, text, isCodeAt)));
      if (!rule) continue;
      const key = normaliseLine(text);
      if (consume(removed, key)) continue;
      findings.push({
        rule: rule.rule,
        severity: rule.severity,
        file: file.path,
        line,
        key,
        message: `The change ${rule.what}: \`${clip(key)}\`. Fix: ${rule.fix}.`,
      });
    }
  }
  return findings;
}

/**
 * A marker quoted inside a string literal is data (a test of a linter, a fixture), not code:
 * count the quotes before the match on the same line. A pattern anchored at the line start for
 * linear time names the text before its marker `lead`, so the marker is what is judged.
 */
export function matchesInCode(pattern: LinePattern, text: string, isCodeAt?: (column: number) => boolean): boolean {
  const match = pattern.exec(text);
  if (!match) return false;
  // An anchored pattern names what precedes the marker `lead`: the marker starts after it.
  const at = match.index + (match.groups?.lead?.length ?? 0);
  // The scan marks a comment's opening `//` as code, so comment markers are judged the same way.
  if (isCodeAt) return isCodeAt(at);
  const before = text.slice(0, at).replace(/\\./g, '');
  return ['"', "'", '`'].every((q) => before.split(q).length % 2 === 1);
}

/**
 * Rust keeps unit tests in a `#[cfg(test)]` module inside the source file: the lines after it are
 * test code (an added `#[ignore]` there skips a test). The line of the first such attribute, if any.
 */
async function rustTestModuleLine(path: string, readHead: (path: string) => Promise<string | undefined>): Promise<number | undefined> {
  const text = await readHead(path);
  const at = text?.split('\n').findIndex((line) => /^\s*#\[cfg\(test\)\]/.test(line));
  return at === undefined || at < 0 ? undefined : at + 1;
}

const TEST_RULES = LINE_RULES.filter((r) => r.scope === 'test' || r.scope === 'test-or-setup');

function scopesOf(path: string, testPatterns: readonly string[]): Set<RuleScope> {
  const scopes = new Set<RuleScope>();
  if (!isCode(path)) return scopes;
  scopes.add('code');
  if (isTestFile(path, testPatterns)) scopes.add('test');
  if (isTestOrSetupFile(path, testPatterns)) scopes.add('test-or-setup');
  if (isTestConfig(path)) scopes.add('test-config');
  return scopes;
}

function countRemoved(files: readonly ChangedFile[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of files) {
    for (const text of file.removedLines.values()) {
      const key = normaliseLine(text);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

function consume(counts: Map<string, number>, key: string): boolean {
  const n = counts.get(key) ?? 0;
  if (n === 0) return false;
  counts.set(key, n - 1);
  return true;
}

export function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
