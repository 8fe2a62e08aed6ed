import { error as annotateError, warning as annotateWarning } from '@actions/core';
import type { Finding } from '../gates/evidence/schema.js';
import { selectAnnotated, type ChangedLines, type LocatedFinding } from '../github/annotations.js';

/** GitHub shows at most 10 error and 10 warning annotations per step; the rest are dropped silently. */
export const WORKFLOW_ANNOTATIONS_PER_LEVEL = 10;

export interface WorkflowAnnotations {
  errors: number;
  warnings: number;
  /** Findings on changed lines that did not fit. */
  left: number;
}

/**
 * The fallback when there is no check run: workflow-command annotations, the most severe first
 * (blocking findings as errors, the rest as warnings), within what GitHub will show.
 */
export function annotateWorkflow(findings: readonly Finding[], changed: ChangedLines | undefined): WorkflowAnnotations {
  const located = selectAnnotated(findings, changed);
  const errors = located.filter((f) => f.blocking).slice(0, WORKFLOW_ANNOTATIONS_PER_LEVEL);
  const warnings = located.filter((f) => !f.blocking).slice(0, WORKFLOW_ANNOTATIONS_PER_LEVEL);
  for (const f of errors) annotateError(f.message, propertiesOf(f));
  for (const f of warnings) annotateWarning(f.message, propertiesOf(f));
  return { errors: errors.length, warnings: warnings.length, left: located.length - errors.length - warnings.length };
}

function propertiesOf(f: LocatedFinding): { title: string; file: string; startLine: number } {
  return { title: `Loki ${f.gate}/${f.rule} (${f.severity})`, file: f.file, startLine: f.line };
}

/**
 * Reports findings without a check run (workflow annotations) and returns the note that opens the
 * job summary, so the reader knows why there is no check run and where the findings went.
 */
export function reportWithoutCheckRun(reason: string, findings: readonly Finding[], changed: ChangedLines | undefined): string {
  const shown = annotateWorkflow(findings, changed);
  const left = shown.left > 0 ? ` ${shown.left} more finding(s) on changed lines are listed below only (GitHub shows 10 errors and 10 warnings per step).` : '';
  return [
    '> [!NOTE]',
    `> **No \`Loki Verify\` check run:** ${reason}.`,
    `> The verdict is reported here and in the step's outcome instead; findings on changed lines are shown as workflow annotations (${shown.errors} error(s), ${shown.warnings} warning(s)).${left}`,
    '',
    '',
  ].join('\n');
}
