import { loadTemplate, renderTemplate } from '../gates/core/templates.js';
import { renderReport } from '../gates/evidence/render-report.js';
import { completeCheckRun } from '../github/check-run.js';
import type { ActiveJob } from './active-jobs.js';
import { readJobEvidence } from './read-job-evidence.js';
import type { JobEnd } from './dispatch/dispatcher.js';
import { concludeCheckRun, getCheckRun, type Conclusion } from '../github/check-run.js';
import type { AppServices } from './services.js';
import { upsertStatusComment } from '../github/status-comment.js';

/**
 * When a job's process ends, the runner has normally completed its check run and status comment
 * already. If it has not (cancelled, crashed, never started, no token), the App completes them,
 * so no check run is left spinning and no failure goes unreported.
 */
export async function finishJob(services: AppServices, end: JobEnd, tokenless: boolean): Promise<void> {
  const active = services.active.byJobId(end.jobId);
  if (!active) return;
  try {
    // Another replica took the lease and runs the job: its end is that replica's to report.
    if (active.lostTo !== undefined) return;
    const gh = await services.installationClient(active.installationId);
    if (active.checkRunId === undefined) return;
    const run = await getCheckRun(gh, active.ref, active.checkRunId);
    if (run.status === 'completed') {
      if (active.kind === 'build') services.metrics.builds.inc({ outcome: run.conclusion ?? 'unknown' });
      return;
    }
    const evidence = tokenless && end.state === 'ended' ? await readJobEvidence(end.outDir) : undefined;
    if (evidence) {
      // A fork's job ran without a token: the App reports the verdict the runner wrote down.
      await completeCheckRun(gh, { owner: active.ref.owner, repo: active.ref.repo, checkRunId: active.checkRunId, evidence, report: renderReport(evidence) });
      return;
    }
    const outcome = describeEnd(active, end, tokenless);
    if (active.kind === 'build') services.metrics.builds.inc({ outcome: outcome.conclusion });
    await concludeCheckRun(gh, active.ref, active.checkRunId, { ...outcome, retryButton: outcome.conclusion !== 'success' });
    if (active.kind === 'build') {
      const body = renderTemplate(loadTemplate('app/ended.md'), { headline: outcome.title, detail: outcome.summary, next: outcome.conclusion === 'cancelled' ? 'Add the label again or comment `/loki build` to start over; the branch is kept and the next build resumes from it.' : 'Comment `/loki retry` to run it again; it resumes from the branch.' });
      await upsertStatusComment(gh, { ...active.ref, issue_number: active.number, body, throttle: services.throttle, ...(active.checkRunId ? { checkRunId: active.checkRunId } : {}), ...(active.statusCommentId ? { commentId: active.statusCommentId } : {}) });
    }
  } catch (error) {
    services.log.error({ err: error, jobId: end.jobId }, 'could not report the end of a job');
  } finally {
    // Only the job that ended frees its slot: a newer job for the same issue keeps it.
    if (services.active.get(active.key)?.jobId === active.jobId) services.active.release(active.key);
  }
}

function describeEnd(active: ActiveJob, end: JobEnd, tokenless: boolean): { conclusion: Conclusion; title: string; summary: string } {
  const tail = end.logTail.trim() ? `\n\nLast lines of the runner's output:\n\n\`\`\`\n${end.logTail.trim().slice(-4000)}\n\`\`\`` : '';
  if (end.state === 'cancelled') {
    return { conclusion: 'cancelled', title: '⏹️ Cancelled', summary: `The ${active.kind} was cancelled${active.cancelledBy ? ` by ${active.cancelledBy}` : ''}.` };
  }
  if (tokenless) {
    // An exit code is not evidence: without evidence.json this cannot pass, whatever the code.
    return { conclusion: 'failure', title: '❌ No evidence from the verification', summary: `This pull request comes from a fork, so the gates ran with no token, and the runner left no valid evidence.json (${end.reason}). Evidence that could not be collected is never a pass.${tail}` };
  }
  return {
    conclusion: 'failure',
    title: `❌ The ${active.kind} stopped without a result`,
    summary: `The runner ended without completing this check run: ${end.reason}. Inconclusive is never verified.${tail}`,
  };
}
