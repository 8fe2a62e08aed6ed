import { loadTemplate, renderTemplate } from '../gates/core/templates.js';
import { issueKey, pullKey } from './active-jobs.js';
import { authorize, type Actor } from './authorize.js';
import { cancelJob } from './cancel-job.js';
import { configOrReport } from './config-or-report.js';
import { explainRefusal } from './explain-refusal.js';
import { addReaction, postComment } from '../github/issues.js';
import { mayAccept } from '../github/pull-acceptances.js';
import { type RepoRef } from '../github/repo-ref.js';
import type { ParsedComment } from './parse-command.js';
import { refOf, type IssuePayload, type RepositoryPayload } from './payload.js';
import { readPullRequest } from './read-pull-request.js';
import { isLokiPull, lokiIssueOf, readLokiPull } from './loki-pull.js';
import { reportProblem } from './report-problem.js';
import { renderPlan, repoStatsFromApi } from './answer-plan.js';
import type { AppServices, InstallationClient } from './services.js';
import { checkUrl, startBuild } from './start-build.js';
import { startVerify } from './start-verify.js';

export interface CommentCommand {
  installationId: number;
  repository: RepositoryPayload;
  issue: IssuePayload;
  actor: Actor;
  parsed: Exclude<ParsedComment, { kind: 'none' }>;
}

/**
 * Runs one `/loki` command for an authorised person. On an issue, build/retry start a build; on a
 * pull request, verify/retry re-run `Loki Verify`. Every answer is a comment or a reaction.
 */
export async function runCommentCommand(gh: InstallationClient, services: AppServices, command: CommentCommand): Promise<void> {
  try {
    await runChecked(gh, services, command);
  } catch (error) {
    const name = command.parsed.kind === 'command' ? command.parsed.command.name : 'help';
    await reportProblem(gh, services, { ref: refOf(command.repository), number: command.issue.number }, `run \`/loki ${name}\``, error);
  }
}

async function runChecked(gh: InstallationClient, services: AppServices, command: CommentCommand): Promise<void> {
  const ref = refOf(command.repository);
  const number = command.issue.number;
  const isPull = command.issue.pull_request !== undefined && command.issue.pull_request !== null;
  const config = await configOrReport(gh, services, ref, number);
  if (!config) return;
  const decision = await authorize(gh, ref, command.actor, config);
  if (!decision.allowed) return explainRefusal(gh, services, ref, number, command.actor.login, decision.reason);
  if (command.parsed.kind === 'invalid') {
    await postComment(gh, ref, number, `${command.parsed.problem}.\n\n${help(config.app.trigger_label)}`);
    return;
  }
  const name = command.parsed.command.name;
  const say = (body: string) => postComment(gh, ref, number, body).then(() => undefined);
  switch (name) {
    case 'help':
      return await say(help(config.app.trigger_label));
    case 'build':
      if (isPull) return await followUpOrExplain(gh, services, command, ref, say);
      return await startBuild(gh, services, { installationId: command.installationId, repository: command.repository, issue: command.issue, actor: command.actor });
    case 'retry':
      if (isPull) return await verifyPull(gh, services, command, ref);
      return await startBuild(gh, services, { installationId: command.installationId, repository: command.repository, issue: command.issue, actor: command.actor });
    case 'verify':
      if (!isPull) return await say('`/loki verify` works on pull requests; on an issue use `/loki build`.');
      return await verifyPull(gh, services, command, ref);
    case 'accept': {
      if (!isPull) return await say('`/loki accept` works on pull requests: it accepts one finding of their `Loki Verify` check.');
      if (!mayAccept(decision.role)) return explainRefusal(gh, services, ref, number, command.actor.login, `accepting a finding needs write access, and @${command.actor.login} has the \`${decision.role}\` role`);
      await addReaction(gh, ref, number, '+1');
      // The verification reads every acceptance from the pull request itself (this comment included).
      if (config.app.verify_pull_requests) return await verifyPull(gh, services, command, ref);
      return await say('Recorded. The `Loki Verify` workflow reads it on its next run: re-run it from the check\'s page, or push.');
    }
    case 'stop': {
      const key = isPull ? pullKey(ref, number) : issueKey(ref, number);
      let cancelled = await cancelJob(gh, services, key, command.actor.login);
      // On a Loki pull request, stop also ends its follow-up: the one running, and one still gathering events.
      const followUpKey = isPull ? await followUpKeyOf(gh, services, ref, number) : key;
      if (followUpKey) {
        const dropped = services.followUps.drop(followUpKey);
        const stopped = followUpKey !== key && (await cancelJob(gh, services, followUpKey, command.actor.login));
        cancelled = cancelled || dropped || stopped;
      }
      return await say(cancelled ? `⏹️ Cancelled at the request of @${command.actor.login}.` : 'Nothing is running here to stop.');
    }
    case 'status':
      return await say(status(services, ref, number, isPull));
    case 'plan':
    case 'grill':
      await addReaction(gh, ref, number, 'eyes');
      return await say(renderPlan(name, ref, command.issue, config, await repoStatsFromApi(gh, ref, command.repository.default_branch)));
  }
}

async function verifyPull(gh: InstallationClient, services: AppServices, command: CommentCommand, ref: RepoRef): Promise<void> {
  const pullRequest = await readPullRequest(gh, ref, command.issue.number);
  await startVerify(gh, services, { installationId: command.installationId, repository: command.repository, pullRequest, requestedBy: command.actor.login, explicit: true });
}

/** `/loki build` on a Loki pull request answers its open review threads on the same branch. */
async function followUpOrExplain(gh: InstallationClient, services: AppServices, command: CommentCommand, ref: RepoRef, say: (body: string) => Promise<void>): Promise<void> {
  const pull = await readLokiPull(gh, ref, command.issue.number);
  const issueNumber = lokiIssueOf(pull);
  if (issueNumber === undefined || !isLokiPull(pull, await services.botLogin())) return say('`/loki build` works on issues and on Loki\'s own pull requests; on this pull request use `/loki verify`.');
  await addReaction(gh, ref, command.issue.number, 'eyes');
  services.followUps.add(issueKey(ref, issueNumber), {
    installationId: command.installationId, repository: command.repository, pullNumber: pull.number, issueNumber,
    trigger: { kind: 'command', url: `${checkUrl(services, ref, undefined).replace(/\/issues$/, '')}/pull/${pull.number}`, by: command.actor.login },
  });
}

/** The issue key of a Loki pull request's follow-ups, or undefined for other pull requests. */
async function followUpKeyOf(gh: InstallationClient, services: AppServices, ref: RepoRef, number: number): Promise<string | undefined> {
  const pull = await readLokiPull(gh, ref, number).catch(() => undefined);
  const issueNumber = pull ? lokiIssueOf(pull) : undefined;
  return pull && issueNumber !== undefined && isLokiPull(pull, await services.botLogin()) ? issueKey(ref, issueNumber) : undefined;
}

function status(services: AppServices, ref: RepoRef, number: number, isPull: boolean): string {
  const active = services.active.get(isPull ? pullKey(ref, number) : issueKey(ref, number));
  if (!active) return `No Loki ${isPull ? 'verification' : 'build'} is running here. The latest result is in the ${isPull ? '`Loki Verify`' : '`Loki Build`'} check run.`;
  return `A Loki ${active.kind} is running: [check run](${checkUrl(services, ref, active.checkRunId)}) (job \`${active.jobId}\`, dispatcher \`${services.dispatcher.name}\`).`;
}

function help(triggerLabel: string): string {
  return renderTemplate(loadTemplate('app/help.md'), { trigger_label: triggerLabel });
}
