import type { Severity } from '../config/schema.js';
import { SEVERITIES } from '../config/schema.js';
import { fingerprint } from '../evidence/fingerprint.js';
import type { GrillFinding } from './grill-schema.js';
import { LINT_RULES } from './lint-rules.js';
import type { Spec } from './spec-schema.js';

/** The deterministic grill: runs every lint rule. It needs no model, so it always runs. */
export function lintSpec(spec: Spec): GrillFinding[] {
  return sortFindings(
    LINT_RULES.flatMap((rule) => rule(spec)).map((hit) => ({
      id: fingerprint('grill', hit.rule, hit.requirementId ?? '', hit.key),
      rule: hit.rule,
      category: hit.category,
      severity: hit.severity,
      requirement_id: hit.requirementId,
      message: hit.message,
      question: hit.question,
      source: 'lint' as const,
    })),
  );
}

/** Most severe first; stable otherwise. */
export function sortFindings(findings: GrillFinding[]): GrillFinding[] {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  return findings.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f.severity) - rank(b.f.severity) || a.i - b.i).map(({ f }) => f);
}

/** Findings whose severity is in the config's `spec.grill_block_on`. */
export function blockingFindings(findings: readonly GrillFinding[], blockOn: readonly Severity[]): GrillFinding[] {
  const set = new Set(blockOn);
  return findings.filter((f) => set.has(f.severity));
}
