import { info, notice, setFailed, setOutput, setSecret, warning } from '@actions/core';
import { resolve } from 'node:path';
import { toLokiError } from '../gates/core/errors.js';
import { renderReport } from '../gates/evidence/render-report.js';
import { VERDICT_EXIT_CODES, type Evidence } from '../gates/evidence/schema.js';
import { writeEvidence, type EvidencePaths } from '../gates/evidence/write-evidence.js';
import { defaultBase } from '../gates/git/default-base.js';
import { runVerify, type VerifyEvent } from '../gates/verify/run-verify.js';
import { changedLinesOf, type ChangedLines } from '../runner/github/annotations.js';
import { createGitHubClient, type GitHubClient } from '../runner/github/client.js';
import { annotateWorkflow } from './annotate-workflow.js';
import { readActionContext, type ActionContext } from './read-event.js';
import { failsStep, readInputs, type ActionInputs } from './read-inputs.js';
import { abandonCheckRun, closeCheckRun, openCheckRun, type CheckRunState } from './report-check-run.js';
import { scrubTokenEnv } from './scrub-token-env.js';
import { warnPersistedCredentials } from './warn-persisted-credentials.js';
import { writeJobSummary } from './write-job-summary.js';

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
    return failBeforeVerify(error, env);
  }
  if (inputs.token) setSecret(inputs.token);
  const gh = inputs.token ? createGitHubClient({ token: inputs.token, retries: API_RETRIES, ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}) }) : undefined;
  scrubTokenEnv(env);

  const check = await openCheckRun(gh, context);
  try {
    return await verifyAndReport(inputs, context, gh, check, env);
  } catch (error) {
    if (check.open && gh) await abandonCheckRun(gh, context, check.id, toLokiError(error).message);
    throw error;
  }
}

async function verifyAndReport(inputs: ActionInputs, context: ActionContext, gh: GitHubClient | undefined, opened: CheckRunState, env: NodeJS.ProcessEnv): Promise<number> {
  const workspace = resolve(env.GITHUB_WORKSPACE ?? process.cwd());
  await warnPersistedCredentials(workspace);
  const { evidence, changedLines } = await verify(workspace, inputs, context, env);
  const paths = await saveEvidence(evidence, resolve(workspace, inputs.outDir));
  const report = renderReport(evidence, context.runUrl ? { evidenceUrl: context.runUrl } : {});

  const check = opened.open && gh ? await closeCheckRun(gh, context, opened.id, { evidence, report, changedLines }) : opened;
  const note = check.open ? '' : fallbackNote(check.reason, evidence, changedLines);
  await writeSummarySafely(note + report, env);
  setOutputs(evidence, paths);
  return stepExitCode(evidence, inputs.failOn);
}

async function verify(workspace: string, inputs: ActionInputs, context: ActionContext, env: NodeJS.ProcessEnv): Promise<{ evidence: Evidence; changedLines: ChangedLines | undefined }> {
  let changedLines: ChangedLines | undefined;
  const base = inputs.base ?? context.defaultBase ?? (await defaultBase(workspace, env));
  info(`Loki Verify: diff merge-base(${base}, ${inputs.head ?? 'HEAD'})..${inputs.head ?? 'HEAD'} in ${workspace}`);
  const evidence = await runVerify({
    cwd: workspace,
    base,
    ...(inputs.head ? { head: inputs.head } : {}),
    ...(inputs.gates ? { gates: inputs.gates } : {}),
    ...(inputs.blockOn ? { blockOn: inputs.blockOn } : {}),
    ...(inputs.configPath ? { configPath: resolve(workspace, inputs.configPath) } : {}),
    ...(inputs.baseline !== undefined ? { baseline: inputs.baseline } : {}),
    repo: `${context.owner}/${context.repo}`,
    pr: context.pullRequest?.number ?? null,
    onEvent: (event: VerifyEvent) => {
      if (event.type === 'diff') changedLines = changedLinesOf(event.diff.files);
      if (event.type === 'gate-end') info(`  ${event.id}: ${event.record.status} — ${event.record.reason}`);
    },
  });
  info(`Loki Verify: ${evidence.verdict} — ${evidence.summary}`);
  return { evidence, changedLines };
}

async function saveEvidence(evidence: Evidence, outDir: string): Promise<EvidencePaths | undefined> {
  try {
    return await writeEvidence(evidence, outDir);
  } catch (error) {
    warning(`could not write the evidence to ${outDir}: ${toLokiError(error).message}. Fix: set the \`out\` input to a writable folder in the workspace.`);
    return undefined;
  }
}

/** Said at the top of the job summary when the check run could not carry the report. */
function fallbackNote(reason: string, evidence: Evidence, changedLines: ChangedLines | undefined): string {
  const shown = annotateWorkflow(evidence.findings, changedLines);
  const left = shown.left > 0 ? ` ${shown.left} more finding(s) on changed lines are listed below only (GitHub shows 10 errors and 10 warnings per step).` : '';
  return [
    `> [!NOTE]`,
    `> **No \`Loki Verify\` check run:** ${reason}.`,
    `> The verdict is reported here and in the step's outcome instead; findings on changed lines are shown as workflow annotations (${shown.errors} error(s), ${shown.warnings} warning(s)).${left}`,
    '',
    '',
  ].join('\n');
}

async function writeSummarySafely(markdown: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const written = await writeJobSummary(markdown, '**Report cut to the 1 MiB job-summary limit** — the full report is report.md next to evidence.json.', env);
    if (!written) info(markdown);
  } catch (error) {
    warning(`could not write the job summary: ${toLokiError(error).message}`);
    info(markdown);
  }
}

function setOutputs(evidence: Evidence, paths: EvidencePaths | undefined): void {
  setOutput('verdict', evidence.verdict);
  setOutput('exit-code', String(evidence.exit_code));
  setOutput('evidence-path', paths?.evidencePath ?? '');
  setOutput('sarif-path', paths?.sarifPath ?? '');
}

function stepExitCode(evidence: Evidence, failOn: ActionInputs['failOn']): number {
  const headline = `Loki Verify: ${evidence.verdict} — ${evidence.summary}`;
  if (!failsStep(evidence.verdict, failOn)) {
    if (evidence.verdict !== 'VERIFIED') notice(`${headline} (does not fail the step: fail-on is ${failOn.join(',') || 'none'})`);
    return 0;
  }
  const fix = evidence.error?.fix ? `\nFix: ${evidence.error.fix}` : '';
  setFailed(`${headline}${fix}`);
  return evidence.exit_code;
}

/** Bad inputs or no usable event: no gate ran, so the verdict is ERROR — reported, with the fix. */
async function failBeforeVerify(error: unknown, env: NodeJS.ProcessEnv): Promise<number> {
  const failure = toLokiError(error);
  const fix = failure.fix ? `\nFix: ${failure.fix}` : '';
  await writeSummarySafely(`## ❌ Loki Verify: ERROR\n\n${failure.message}${fix ? `\n\n**Fix:** ${failure.fix}` : ''}\n`, env);
  setOutput('verdict', 'ERROR');
  setOutput('exit-code', String(VERDICT_EXIT_CODES.ERROR));
  setOutput('evidence-path', '');
  setOutput('sarif-path', '');
  setFailed(`Loki Verify: ERROR — ${failure.message}${fix}`);
  return VERDICT_EXIT_CODES.ERROR;
}

