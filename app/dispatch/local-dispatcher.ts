import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { splitPaths } from '../../gates/sandbox/hidden-paths.js';
import { runCommand, type CommandResult } from '../../gates/core/run-command.js';
import { SHUTDOWN_GRACE_MS, killProcessGroup } from '../../gates/core/live-processes.js';
import { packageRoot } from '../../gates/core/package-root.js';
import { JobSchema, type Job } from '../../runner/job/schema.js';
import type { Dispatcher, DispatchRequest, JobEnd, JobEndListener } from './dispatcher.js';
import type { TokenMinter } from './mint-token.js';
import { runnerEnvironment } from './runner-env.js';
import { createFairQueue } from './fair-queue.js';
import { startTokenFile } from './token-file.js';

export interface JobLaunch {
  job: Job;
  jobFile: string;
  /** The runner's environment (already scrubbed); LOKI_GITHUB_TOKEN_FILE names the token file. */
  env: Record<string, string>;
  /** Where the runner writes evidence.json, report.md and results.sarif. */
  outDir: string;
}

/** How to start the runner for one job: `node dist/cli/loki.js run-job --job FILE --out DIR` by default. */
export type JobCommand = (launch: JobLaunch) => { file: string; args: string[] };

export interface LocalDispatcherOptions {
  concurrency: number;
  /**
   * A verify job (a pull request's code, no human watching) is stopped after this long (default
   * 60 minutes): a PR whose tests hang must not hold a slot, or its token, forever. Builds stop
   * themselves at build.max_minutes.
   */
  verifyTimeoutMs?: number;
  /** Job files, token files and pid files; one App instance per folder. */
  stateDir: string;
  mintToken: TokenMinter;
  jobCommand?: JobCommand;
  baseEnv?: NodeJS.ProcessEnv;
  log?: { warn(details: Record<string, unknown>, message: string): void };
}

export const VERIFY_LIMIT_MS = 60 * 60_000;

export function defaultJobCommand({ jobFile, outDir }: JobLaunch): { file: string; args: string[] } {
  return { file: process.execPath, args: [join(packageRoot(), 'dist', 'cli', 'loki.js'), 'run-job', '--job', jobFile, '--out', outDir] };
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
  request: Queued;
}

type Queued = DispatchRequest & { since: number };

/**
 * The embedded dispatcher: an in-process queue with a concurrency limit; each job is a child
 * process in its own process group, with a repository-scoped token file it renews. A pid file per
 * job lets the next App instance stop the children of one that died, before reconciliation
 * re-runs their jobs (resuming from the branch), so a job never runs twice at once.
 */
export async function createLocalDispatcher(options: LocalDispatcherOptions): Promise<Dispatcher> {
  const pidDir = join(options.stateDir, 'pids');
  const jobsDir = join(options.stateDir, 'jobs');
  const tokensDir = join(options.stateDir, 'tokens');
  for (const dir of [pidDir, jobsDir, tokensDir]) await mkdir(dir, { recursive: true, mode: 0o700 });
  await stopOrphans(pidDir);

  // Fair between installations: one repository's flood of pushes cannot starve the others.
  const queue = createFairQueue<Queued>((r) => String(r.installationId));
  const running = new Map<string, Running>();
  const listeners: JobEndListener[] = [];
  const jobCommand = options.jobCommand ?? defaultJobCommand;
  const verifyLimitMs = options.verifyTimeoutMs ?? VERIFY_LIMIT_MS;

  const emit = async (end: JobEnd, request: DispatchRequest) => {
    for (const listener of listeners) {
      try {
        await listener(end, request);
      } catch (error) {
        options.log?.warn({ err: error, jobId: end.jobId }, 'job end listener failed');
      }
    }
  };

  const start = (request: Queued) => {
    const controller = new AbortController();
    const done = runOne(request, controller.signal)
      .then(async ({ end, jobDir }) => {
        // Listeners may read the evidence in the job folder; it goes once they are done.
        await emit(end, request);
        if (jobDir) await rm(jobDir, { recursive: true, force: true });
      })
      .finally(() => {
        running.delete(request.job.job_id);
        pump();
      });
    running.set(request.job.job_id, { controller, done, request });
  };

  const pump = () => {
    while (running.size < options.concurrency && queue.size > 0) start(queue.shift() as Queued);
  };

  const runOne = async (request: DispatchRequest, signal: AbortSignal): Promise<{ end: JobEnd; jobDir?: string }> => {
    const jobId = request.job.job_id;
    const safeId = jobId.replace(/[^A-Za-z0-9._-]/g, '_');
    const pidFile = join(pidDir, `${safeId}.pid`);
    let tokenFile: Awaited<ReturnType<typeof startTokenFile>> | undefined;
    let jobDir: string | undefined;
    try {
      jobDir = await mkdtemp(join(jobsDir, `${safeId}-`));
      const jobFile = join(jobDir, 'job.json');
      const outDir = join(jobDir, 'out');
      await mkdir(outDir, { mode: 0o700 });
      await writeFile(jobFile, JSON.stringify(request.job, null, 2), { mode: 0o600 });
      const env = runnerEnvironment(options.baseEnv ?? process.env, request.tokenless);
      // The runner's sandbox covers up what the App keeps on disk, wherever a mount would show it.
      env.LOKI_SANDBOX_HIDE = appPrivatePaths(options.stateDir, options.baseEnv ?? process.env).join(':');
      if (!request.tokenless) {
        tokenFile = await startTokenFile(
          tokensDir,
          () => options.mintToken(request.installationId, request.repositoryId, request.job.kind),
          (error) => options.log?.warn({ err: error, jobId }, 'could not renew the job token'),
        );
        env.LOKI_GITHUB_TOKEN_FILE = tokenFile.path;
      }
      const { file, args } = jobCommand({ job: request.job, jobFile, env, outDir });
      // `sh` records its own pid (= the process group) and start time, then becomes the runner (same
      // pid, same start time); paths only, no untrusted text.
      const result = await runCommand('/bin/sh', ['-c', 'echo "$$ $(cut -d" " -f22 /proc/$$/stat)" > "$0"; exec "$@"', pidFile, file, ...args], {
        cwd: options.stateDir,
        env,
        replaceEnv: true,
        signal,
        maxLogBytes: 64 * 1024,
        // A cancelled runner saves its work and completes its check run on SIGTERM before it exits.
        killGraceMs: SHUTDOWN_GRACE_MS + 5_000,
        ...(request.job.kind === 'verify' ? { timeoutMs: verifyLimitMs } : {}),
      });
      const logTail = result.log.split('\n').slice(-20).join('\n');
      if (result.cancelled) return { jobDir, end: { jobId, state: 'cancelled', exitCode: result.exitCode, reason: 'cancelled', logTail, outDir } };
      const reason = result.timedOut ? `the verify job ran over its ${verifyLimitMs >= 60_000 ? `${Math.round(verifyLimitMs / 60_000)}-minute` : `${Math.round(verifyLimitMs / 1000)}-second`} limit and was stopped` : describeExit(result);
      return { jobDir, end: { jobId, state: 'ended', exitCode: result.exitCode, reason, logTail, outDir } };
    } catch (error) {
      return { jobDir, end: { jobId, state: 'failed_to_start', exitCode: null, reason: (error as Error).message, logTail: '' } };
    } finally {
      await tokenFile?.stop();
      await rm(pidFile, { force: true });
    }
  };

  return {
    name: 'local',
    async dispatch(request) {
      const job = JobSchema.parse(request.job);
      if (running.has(job.job_id) || queue.some((q) => q.job.job_id === job.job_id)) return {};
      queue.push({ ...request, job, since: Date.now() });
      pump();
      return {};
    },
    async cancel(jobId) {
      const request = queue.remove((q) => q.job.job_id === jobId);
      if (request) {
        await emit({ jobId, state: 'cancelled', exitCode: null, reason: 'cancelled before it started', logTail: '' }, request);
        return true;
      }
      const live = running.get(jobId);
      if (!live) return false;
      live.controller.abort();
      await live.done;
      return true;
    },
    async isLive(jobId) {
      return running.has(jobId) || queue.some((q) => q.job.job_id === jobId);
    },
    jobs: () => [
      ...queue.items().map((q) => ({ jobId: q.job.job_id, state: 'queued' as const, installationId: q.installationId, since: q.since })),
      ...[...running.values()].map(({ request: r }) => ({ jobId: r.job.job_id, state: 'running' as const, installationId: r.installationId, since: r.since })),
    ],
    waitFor: (installationId) => ({
      // A free slot starts the job at once, whatever is queued (a queue forms only when all are busy).
      ahead: running.size < options.concurrency ? 0 : queue.aheadOf(String(installationId)),
      busy: running.size,
      slots: options.concurrency,
    }),
    onEnd(listener) {
      listeners.push(listener);
    },
    async close() {
      queue.clear();
      for (const live of running.values()) live.controller.abort();
      await Promise.allSettled([...running.values()].map((r) => r.done));
    },
  };
}

/** The App's state folder, private key file, and Probot's .env and lone *.pem key (in the App's working directory). */
function appPrivatePaths(stateDir: string, env: NodeJS.ProcessEnv): string[] {
  const pems = readdirSync(process.cwd()).filter((name) => name.endsWith('.pem')).map((name) => resolve(name));
  return [resolve(stateDir), ...(env.PRIVATE_KEY_PATH ? [resolve(env.PRIVATE_KEY_PATH)] : []), resolve('.env'), ...pems, ...splitPaths(env.LOKI_SANDBOX_HIDE)];
}

/** Children left behind by an App instance that was killed: stop them so their jobs can be re-run cleanly. */
async function stopOrphans(pidDir: string): Promise<void> {
  for (const name of await readdir(pidDir)) {
    const path = join(pidDir, name);
    const [pidText, started] = (await readFile(path, 'utf8').catch(() => '')).trim().split(/\s+/);
    const pid = Number(pidText);
    // Only the job it names: a pid reused since (another program, another user's) has another start time.
    if (Number.isInteger(pid) && pid > 1 && isAlive(pid) && started && (await startTime(pid)) === started) {
      killProcessGroup(pid, 'SIGTERM');
      await waitUntilGone(pid, 3_000);
      if (isAlive(pid)) killProcessGroup(pid, 'SIGKILL');
    }
    if (existsSync(path)) await rm(path, { force: true });
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
async function startTime(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && isAlive(pid)) await new Promise((r) => setTimeout(r, 50));
}

function describeExit(result: CommandResult): string {
  if (result.spawnError) return `the runner could not start: ${result.spawnError}`;
  if (result.signal) return `the runner was killed by ${result.signal}`;
  return result.exitCode === 0 ? 'the runner finished' : `the runner exited with code ${result.exitCode}`;
}
