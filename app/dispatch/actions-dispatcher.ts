import { z } from 'zod';
import { LokiError } from '../../gates/core/errors.js';
import type { GitHubClient } from '../../github/client.js';
import { JobSchema } from '../../runner/job/schema.js';
import type { Dispatcher } from './dispatcher.js';

export interface ActionsDispatcherOptions {
  /** An installation client for the repository that hosts the build workflow (needs `actions: write`). */
  client: () => Promise<GitHubClient>;
  owner: string;
  repo: string;
  workflow?: string;
  ref?: string;
  /** Attempts and spacing of the fallback run lookup when the dispatch answers without a run id. */
  lookupAttempts?: number;
  lookupDelayMs?: number;
}

/** GitHub's limit on all workflow_dispatch inputs together. */
const MAX_INPUT_CHARS = 65_535;

const DispatchAnswerSchema = z.object({ workflow_run_id: z.number().int().positive(), html_url: z.string().optional() }).partial();
const RunsSchema = z.object({
  workflow_runs: z.array(z.object({ id: z.number().int(), name: z.string().nullish(), display_title: z.string().nullish(), status: z.string().nullish(), html_url: z.string().nullish() })),
});

/**
 * Scale-out on GitHub's own engine: each job is a `workflow_dispatch` of loki-build.yml in a
 * configured repository, run on self-hosted (ideally ephemeral) runners. The job travels as an
 * input; a token never does — the workflow mints its own. The run is found again by the job id in
 * its run name, so a restarted App can still see and cancel it.
 */
export function createActionsDispatcher(options: ActionsDispatcherOptions): Dispatcher {
  const workflow = options.workflow ?? 'loki-build.yml';
  const ref = options.ref ?? 'main';
  const where = { owner: options.owner, repo: options.repo };
  const runIds = new Map<string, number>();

  const findRun = async (gh: GitHubClient, jobId: string, statuses?: string[]) => {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', { ...where, workflow_id: workflow, event: 'workflow_dispatch', per_page: 50 });
    const runs = RunsSchema.parse(data).workflow_runs;
    return runs.find((run) => `${run.name ?? ''} ${run.display_title ?? ''}`.includes(jobId) && (!statuses || statuses.includes(run.status ?? '')));
  };

  return {
    name: 'actions',
    async dispatch(request) {
      const job = JobSchema.parse(request.job);
      // A fork's pull request: the workflow mints no token at all (tokenless is an input, not a secret).
      const inputs = { job_id: job.job_id, job: JSON.stringify(job), tokenless: String(request.tokenless) };
      if (inputs.job.length + inputs.job_id.length > MAX_INPUT_CHARS) {
        throw new LokiError('JOB_INVALID', `the job is ${inputs.job.length} characters, over GitHub's ${MAX_INPUT_CHARS}-character limit for workflow inputs`, {
          fix: 'shorten the issue text, or use the local dispatcher (LOKI_DISPATCHER=local)',
        });
      }
      const gh = await options.client();
      const { data } = await gh.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', { ...where, workflow_id: workflow, ref, inputs, return_run_details: true });
      const answer = DispatchAnswerSchema.safeParse(data ?? {});
      let runId = answer.success ? answer.data.workflow_run_id : undefined;
      let runUrl = answer.success ? answer.data.html_url : undefined;
      // Older servers (GHES) answer 204 without run details: find the run by the job id in its name.
      for (let attempt = 0; runId === undefined && attempt < (options.lookupAttempts ?? 5); attempt++) {
        await new Promise((r) => setTimeout(r, options.lookupDelayMs ?? 2_000));
        const run = await findRun(gh, job.job_id);
        runId = run?.id;
        runUrl = run?.html_url ?? undefined;
      }
      if (runId !== undefined) runIds.set(job.job_id, runId);
      return runUrl ? { runUrl } : {};
    },
    async cancel(jobId) {
      const gh = await options.client();
      const runId = runIds.get(jobId) ?? (await findRun(gh, jobId, ['queued', 'in_progress', 'waiting', 'requested', 'pending']))?.id;
      if (runId === undefined) return false;
      await gh.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel', { ...where, run_id: runId });
      runIds.delete(jobId);
      return true;
    },
    async isLive(jobId) {
      const gh = await options.client();
      return (await findRun(gh, jobId, ['queued', 'in_progress', 'waiting', 'requested', 'pending'])) !== undefined;
    },
    onEnd() {
      // The workflow's runner reports to GitHub itself; reconciliation notices runs that died silently.
    },
    async close() {},
  };
}
