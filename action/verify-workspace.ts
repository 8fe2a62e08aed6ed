import { info } from '@actions/core';
import type { Evidence } from '../gates/evidence/schema.js';
import { defaultBase } from '../gates/git/default-base.js';
import { runVerify, type VerifyEvent } from '../gates/verify/run-verify.js';
import type { PullAcceptances } from '../gates/verify/accept-findings.js';
import { changedLinesOf, type ChangedLines } from '../github/annotations.js';
import type { GitHubClient } from '../github/client.js';
import { readPullAcceptances } from '../github/pull-acceptances.js';
import type { ActionContext } from './read-event.js';
import type { ActionInputs } from './read-inputs.js';

export interface VerifiedWorkspace {
  evidence: Evidence;
  /** The lines the change adds, for annotations; unknown when the diff could not be resolved. */
  changedLines: ChangedLines | undefined;
}

/**
 * Runs the gates in-process on the checkout, logging each gate's outcome as it ends. The `config`
 * input is read at the merge-base (a PR cannot bring or relax its rules); one that cannot be read
 * there is an ERROR verdict with the fix.
 */
export async function verifyWorkspace(workspace: string, inputs: ActionInputs, context: ActionContext, env: NodeJS.ProcessEnv, gh?: GitHubClient): Promise<VerifiedWorkspace> {
  let changedLines: ChangedLines | undefined;
  const base = inputs.base ?? context.defaultBase ?? (await defaultBase(workspace, env));
  const head = inputs.head ?? 'HEAD';
  info(`Loki Verify: diff merge-base(${base}, ${head})..${head} in ${workspace}`);
  const acceptances = await pullAcceptances(context, gh);
  const evidence = await runVerify({
    cwd: workspace,
    base,
    ...(inputs.head ? { head: inputs.head } : {}),
    ...(inputs.gates ? { gates: inputs.gates } : {}),
    ...(inputs.blockOn ? { blockOn: inputs.blockOn } : {}),
    ...(inputs.configPath ? { policyPath: inputs.configPath } : {}),
    ...(inputs.baseline !== undefined ? { baseline: inputs.baseline } : {}),
    repo: `${context.owner}/${context.repo}`,
    pr: context.pullRequest?.number ?? null,
    ...(acceptances ? { acceptances } : {}),
    ...(context.pullRequest ? { change: { whose: "the pull request's", ...context.pullRequest.description } } : {}),
    onEvent: (event: VerifyEvent) => {
      if (event.type === 'diff') changedLines = changedLinesOf(event.diff.files);
      if (event.type === 'gate-end') info(`  ${event.id}: ${event.record.status} — ${event.record.reason}`);
    },
  });
  info(`Loki Verify: ${evidence.verdict} — ${evidence.summary}`);
  return { evidence, changedLines };
}

/**
 * On a pull request: the `/loki accept` comments of people with write access, and whose trailers
 * count. Without a token nothing can be asked: a fork's trailers then count for nothing.
 */
async function pullAcceptances(context: ActionContext, gh: GitHubClient | undefined): Promise<PullAcceptances | undefined> {
  const pr = context.pullRequest;
  if (!pr) return undefined;
  if (!gh) return { comments: [], ...(pr.fromFork ? { trusted_commits: [] } : {}), refused: [] };
  return readPullAcceptances(gh, { owner: context.owner, repo: context.repo }, { number: pr.number, fromFork: pr.fromFork });
}
