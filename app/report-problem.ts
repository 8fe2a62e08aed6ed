import { isLokiError, toLokiError } from '../gates/core/errors.js';
import { loadTemplate, renderTemplate } from '../gates/core/templates.js';
import { concludeCheckRun } from '../github/check-run.js';
import { type RepoRef } from '../github/repo-ref.js';
import type { AppServices, InstallationClient } from './services.js';
import { upsertStatusComment } from '../github/status-comment.js';

/**
 * Every failure the App meets while acting on an issue ends up where the user looks: the sticky
 * status comment (problem and fix) and, when one exists, the check run. If even that fails, it is
 * logged — never swallowed silently.
 */
export async function reportProblem(
  gh: InstallationClient,
  services: AppServices,
  target: { ref: RepoRef; number: number; checkRunId?: number; statusCommentId?: number },
  action: string,
  error: unknown,
): Promise<void> {
  const problem = toLokiError(error);
  const fix = problem.fix ?? (isLokiError(error) ? 'retry with `/loki retry`' : 'this is a bug in Loki; retry with `/loki retry` and report it if it persists');
  const body = renderTemplate(loadTemplate('app/failed.md'), { action, problem: problem.message, fix });
  services.log.warn({ err: error, repo: `${target.ref.owner}/${target.ref.repo}`, number: target.number }, `could not ${action}`);
  const writes: Array<Promise<unknown>> = [upsertStatusComment(gh, { ...target.ref, issue_number: target.number, body, throttle: services.throttle, ...(target.checkRunId ? { checkRunId: target.checkRunId } : {}), ...(target.statusCommentId ? { commentId: target.statusCommentId } : {}) })];
  if (target.checkRunId !== undefined) {
    writes.push(concludeCheckRun(gh, target.ref, target.checkRunId, { conclusion: 'failure', title: `Loki could not ${action}`, summary: `${problem.message}\n\n**Fix:** ${fix}`, retryButton: true }));
  }
  for (const result of await Promise.allSettled(writes)) {
    if (result.status === 'rejected') services.log.error({ err: result.reason }, `could not report a failure to ${action} on GitHub`);
  }
}
