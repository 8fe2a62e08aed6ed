import { basename, dirname } from 'node:path';
import type { Job } from '../job/schema.js';

/** Where things live inside the container (the image's non-root user is `loki`). */
export const CONTAINER_PATHS = { job: '/run/loki/job/job.json', tokenDir: '/run/loki/token', out: '/run/loki/out' } as const;

export interface DockerRunOptions {
  /** The Loki runner image (see the Dockerfile). */
  image?: string;
  /** The job file on the host. */
  jobFile: string;
  /**
   * The token file on the host. Its folder is mounted (read-only), not the file: a dispatcher that
   * renews the token by writing a new file and renaming it over the old one stays visible.
   */
  tokenFile?: string;
  /** Host folder for evidence.json, report.md, results.sarif (the only writable mount). */
  outDir?: string;
  /** Docker network; the default bridge (the agent needs its model API and the git host). */
  network?: string;
  cpus?: number;
  memory?: string;
  pidsLimit?: number;
  /** Variables passed by name only (`--env NAME`), so no value appears on a command line: provider API keys. */
  passEnv?: readonly string[];
}

export const DEFAULT_IMAGE = 'ghcr.io/loki-dev/loki:latest';

/**
 * The `docker run` argv for LOKI_SANDBOX=docker: the job in a throwaway container as the non-root
 * `loki` user, no extra privileges or capabilities, bounded CPU, memory and process count, with
 * only the job file and the token folder mounted read-only.
 */
export function dockerRunArgs(job: Job, options: DockerRunOptions): string[] {
  const args = [
    'run', '--rm', '--init',
    '--name', `loki-${job.job_id.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 100)}`,
    '--label', `dev.loki.job=${job.job_id}`,
    '--user', 'loki',
    '--network', options.network ?? 'bridge',
    '--cpus', String(options.cpus ?? 2),
    '--memory', options.memory ?? '4g',
    '--pids-limit', String(options.pidsLimit ?? 1024),
    '--security-opt', 'no-new-privileges',
    '--cap-drop', 'ALL',
    '--mount', `type=bind,source=${options.jobFile},target=${CONTAINER_PATHS.job},readonly`,
  ];
  if (options.tokenFile) {
    args.push('--mount', `type=bind,source=${dirname(options.tokenFile)},target=${CONTAINER_PATHS.tokenDir},readonly`);
    args.push('--env', `LOKI_GITHUB_TOKEN_FILE=${CONTAINER_PATHS.tokenDir}/${basename(options.tokenFile)}`);
  }
  if (options.outDir) args.push('--mount', `type=bind,source=${options.outDir},target=${CONTAINER_PATHS.out}`);
  for (const name of options.passEnv ?? []) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) args.push('--env', name);
  }
  args.push(options.image ?? DEFAULT_IMAGE, 'run-job', '--job', CONTAINER_PATHS.job);
  if (options.outDir) args.push('--out', CONTAINER_PATHS.out);
  return args;
}
