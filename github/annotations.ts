import { SEVERITIES } from '../gates/config/schema.js';
import type { Finding } from '../gates/evidence/schema.js';

/** GitHub accepts at most 50 annotations per check-run request; more need more PATCHes. */
export const ANNOTATIONS_PER_REQUEST = 50;

export type AnnotationLevel = 'failure' | 'warning' | 'notice';

export interface CheckRunAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: AnnotationLevel;
  title: string;
  message: string;
}

/** Lines the change adds, per path (new-side line numbers): where a reviewer can see an annotation. */
export type ChangedLines = ReadonlyMap<string, ReadonlySet<number>>;

/** A finding that points at a file and line, which is all an annotation can show. */
export type LocatedFinding = Finding & { file: string; line: number };

/**
 * The findings worth annotating, most severe first: located, not pre-existing, and on a changed
 * line when the changed lines are known (a finding elsewhere stays in the report and SARIF).
 */
export function selectAnnotated(findings: readonly Finding[], changed?: ChangedLines): LocatedFinding[] {
  return findings
    .filter((f): f is LocatedFinding => f.file !== undefined && f.line !== undefined && !f.pre_existing)
    .filter((f) => changed === undefined || (changed.get(f.file)?.has(f.line) ?? false))
    .sort(bySeverity);
}

/** Blocking findings first, then by severity, then by place, so the cut keeps what matters. */
export function bySeverity(a: Finding, b: Finding): number {
  if (a.blocking !== b.blocking) return a.blocking ? -1 : 1;
  const rank = SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
  if (rank !== 0) return rank;
  return (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0);
}

export function levelFor(finding: Finding): AnnotationLevel {
  if (finding.blocking) return 'failure';
  return finding.severity === 'low' || finding.severity === 'info' ? 'notice' : 'warning';
}

export function toAnnotation(finding: LocatedFinding): CheckRunAnnotation {
  return {
    path: finding.file,
    start_line: finding.line,
    end_line: finding.line,
    annotation_level: levelFor(finding),
    title: `${finding.gate}/${finding.rule} (${finding.severity}${finding.blocking ? ', blocking' : ''})`.slice(0, 255),
    message: finding.message.slice(0, 60_000),
  };
}

/** Splits a list into consecutive batches of at most `size`. */
export function inBatches<T>(items: readonly T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

/** `{ "src/a.ts" → {3, 4} }` from a diff's changed files (`ChangedFile.addedLines`). */
export function changedLinesOf(files: ReadonlyArray<{ path: string; addedLines: ReadonlyMap<number, string> }>): ChangedLines {
  return new Map(files.map((f) => [f.path, new Set(f.addedLines.keys())]));
}
