import { notice, setFailed, setOutput } from '@actions/core';
import { toLokiError } from '../gates/core/errors.js';
import { VERDICT_EXIT_CODES, type Evidence } from '../gates/evidence/schema.js';
import type { EvidencePaths } from '../gates/evidence/write-evidence.js';
import { failsStep, type ActionInputs } from './read-inputs.js';
import { writeSummarySafely } from './write-job-summary.js';

/** Sets the outputs and returns the step's exit code: the verdict's code when fail-on lists it, else 0. */
export function setStepResult(evidence: Evidence, paths: EvidencePaths | undefined, failOn: ActionInputs['failOn']): number {
  setOutputs(evidence.verdict, evidence.exit_code, paths);
  const headline = `Loki Verify: ${evidence.verdict} — ${evidence.summary}`;
  if (!failsStep(evidence.verdict, failOn)) {
    if (evidence.verdict !== 'VERIFIED') notice(`${headline} (does not fail the step: fail-on is ${failOn.join(',') || 'none'})`);
    return 0;
  }
  const fix = evidence.error?.fix ? `\nFix: ${evidence.error.fix}` : '';
  setFailed(`${headline}${fix}`);
  return evidence.exit_code;
}

/** Bad inputs, no usable event or an unusable config: nothing was judged, so the verdict is ERROR — reported, with the fix. */
export async function failWithoutEvidence(error: unknown, env: NodeJS.ProcessEnv): Promise<number> {
  const failure = toLokiError(error);
  const fix = failure.fix ? `\n\n**Fix:** ${failure.fix}` : '';
  await writeSummarySafely(`## ❌ Loki Verify: ERROR\n\n${failure.message}${fix}\n`, env);
  setOutputs('ERROR', VERDICT_EXIT_CODES.ERROR, undefined);
  setFailed(`Loki Verify: ERROR — ${failure.message}${failure.fix ? `\nFix: ${failure.fix}` : ''}`);
  return VERDICT_EXIT_CODES.ERROR;
}

function setOutputs(verdict: Evidence['verdict'], exitCode: number, paths: EvidencePaths | undefined): void {
  setOutput('verdict', verdict);
  setOutput('exit-code', String(exitCode));
  setOutput('evidence-path', paths?.evidencePath ?? '');
  setOutput('sarif-path', paths?.sarifPath ?? '');
}
