import { CHECK_NAMES, concludeCheckRun, listCheckRuns } from '../github/check-run.js';
import type { RepoRef } from '../github/repo-ref.js';
import { askAll } from '../github/request-failed.js';
import { issueKey } from './active-jobs.js';
import { issueOfBuildJob } from './handlers/check-run.js';
import { isLokiPull, lokiIssueOf, LokiPullSchema } from './loki-pull.js';
import { refOf, type RepositoryPayload } from './payload.js';
import type { AppServices, InstallationClient } from './services.js';
import { giveUpOnRepeat } from './give-up-on-repeat.js';

/**
 * A follow-up whose job died with the App (its `Loki Build` check run on the pull request head
 * still queued or in progress, no live job, no other replica's lease): its check run ends
 * `cancelled`, and a new follow-up is queued that reads the open threads again (a thread Loki has
 * not answered is still open). The second time the same job is found dead it is left to a person.
 */
export async function resumeFollowUps(gh: InstallationClient, services: AppServices, installationId: number, repository: RepositoryPayload): Promise<string[]> {
  const ref: RepoRef = refOf(repository);
  const pulls = await askAll(gh, 'list the open pull requests', 'GET /repos/{owner}/{repo}/pulls', { ...ref, state: 'open' }, LokiPullSchema);
  const botLogin = await services.botLogin();
  const resumed: string[] = [];
  for (const pull of pulls) {
    const issueNumber = lokiIssueOf(pull);
    if (issueNumber === undefined || !isLokiPull(pull, botLogin)) continue;
    const key = issueKey(ref, issueNumber);
    if (services.active.get(key) || services.followUps.pending(key)) continue;
    // The first build's check run is on the base; one on the pull request head is a follow-up's.
    const run = (await listCheckRuns(gh, ref, pull.head.sha, CHECK_NAMES.build)).find((r) => r.status !== 'completed' && issueOfBuildJob(r.external_id) === issueNumber);
    if (!run?.external_id || (await services.dispatcher.isLive(run.external_id))) continue;
    if (await services.leases.heldElsewhere({ kind: 'build', ref, number: issueNumber, installationId })) continue;
    if (await giveUpOnRepeat(gh, services, ref, run.id, run.external_id, { how: 'comment `/loki build` on the pull request', button: false })) continue;
    await concludeCheckRun(gh, ref, run.id, { conclusion: 'cancelled', title: 'Stopped when the App restarted', summary: `Follow-up \`${run.external_id}\` stopped without a result when the App restarted; a new follow-up answers the open review threads.` });
    services.followUps.add(key, { installationId, repository, pullNumber: pull.number, issueNumber, trigger: { kind: 'command', url: run.html_url ?? '', by: 'loki' } });
    resumed.push(run.external_id);
  }
  return resumed;
}
