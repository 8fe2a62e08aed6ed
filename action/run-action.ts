import { setSecret, warning } from '@actions/core';
import { dirname, join, resolve } from 'node:path';
import { isLokiError, toLokiError } from '../gates/core/errors.js';
import { renderReport } from '../gates/evidence/render-report.js';
import type { Evidence } from '../gates/evidence/schema.js';
import { writeEvidence, type EvidencePaths } from '../gates/evidence/write-evidence.js';
import { createGitHubClient, type GitHubClient } from '../github/client.js';
import { reportWithoutCheckRun } from './annotate-workflow.js';
import { printFailingTests } from './print-failing-tests.js';
import { readActionContext, type ActionContext } from './read-event.js';
import { readInputs, type ActionInputs } from './read-inputs.js';
import { abandonCheckRun, closeCheckRun, closeWithError, openCheckRun, type CheckRunState } from './report-check-run.js';
import { scrubTokenEnv } from './scrub-token-env.js';
import { failWithoutEvidence, setStepResult } from './set-step-result.js';
import { verifyWorkspace } from './verify-workspace.js';
import { warnPersistedCredentials } from './warn-persisted-credentials.js';
import { allowUnsandboxedFallback } from '../gates/sandbox/wrap.js';
import { writeSummarySafely } from './write-job-summary.js';

/** Reporting is best-effort: a flaky API must not hold the step for long. */
const API_RETRIES = 2;

/**
 * `loki verify` as a workflow step: read inputs and event, open the check run, run the gates,
 * write the evidence, report (check run, else workflow annotations; always the job summary),
 * set the outputs, and return the step's exit code.
 */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let inputs: ActionInputs;
  let context: ActionContext;
  try {
    inputs = readInputs();
    context = await readActionContext(env);
  } catch (error) {
    return failWithoutEvidence(error, env);
  }
  if (inputs.token) setSecret(inputs.token);
  const gh = inputs.token ? createGitHubClient({ token: inputs.token, retries: API_RETRIES, ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}) }) : undefined;
  scrubTokenEnv(env);

  const check = await openCheckRun(gh, context);
  try {
    return await verifyAndReport(inputs, context, gh, check, env);
  } catch (error) {
    if (!isLokiError(error)) {
      if (check.open && gh) await abandonCheckRun(gh, context, check.id, toLokiError(error).message);
      throw error;
    }
    if (check.open && gh) await closeWithError(gh, context, check.id, error);
    return failWithoutEvidence(error, env);
  }
}

async function verifyAndReport(inputs: ActionInputs, context: ActionContext, gh: GitHubClient | undefined, opened: CheckRunState, env: NodeJS.ProcessEnv): Promise<number> {
  const workspace = resolve(env.GITHUB_WORKSPACE ?? process.cwd());
  await warnPersistedCredentials(workspace);
  // A CI runner without bubblewrap (GitHub's hosted ones): the job's VM is the boundary; say so.
  allowUnsandboxedFallback((m) => warning(m));
  const { evidence, changedLines } = await verifyWorkspace(workspace, inputs, context, env, gh);
  const paths = await saveEvidence(evidence, resolve(workspace, inputs.outDir));
  printFailingTests(evidence, paths ? join(dirname(paths.evidencePath), 'logs') : undefined);
  const report = renderReport(evidence, context.runUrl ? { evidenceUrl: context.runUrl } : {});

  const check = opened.open && gh ? await closeCheckRun(gh, context, opened.id, { evidence, report, changedLines }) : opened;
  const note = check.open ? '' : reportWithoutCheckRun(check.reason, evidence.findings, changedLines);
  await writeSummarySafely(note + report, env);
  return setStepResult(evidence, paths, inputs.failOn);
}

async function saveEvidence(evidence: Evidence, outDir: string): Promise<EvidencePaths | undefined> {
  try {
    return await writeEvidence(evidence, outDir);
  } catch (error) {
    warning(`could not write the evidence to ${outDir}: ${toLokiError(error).message}. Fix: set the \`out\` input to a writable folder in the workspace.`);
    return undefined;
  }
}
