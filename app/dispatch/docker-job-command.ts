import { dockerRunArgs } from '../../runner/sandbox/docker-command.js';
import type { JobCommand } from './local-dispatcher.js';

/** Set by the runner image's own mounts, or meaningless inside it. */
const NOT_PASSED = new Set(['PATH', 'HOME', 'LOKI_GITHUB_TOKEN_FILE', 'TMPDIR', 'SHELL', 'USER', 'LOGNAME']);

/**
 * LOKI_SANDBOX=docker: each job runs in the Loki runner image (LOKI_IMAGE) through the runner's
 * `docker run` recipe — non-root, no capabilities, bounded resources, the job file and the token
 * folder mounted read-only — with the runner's scrubbed environment passed by name only.
 */
export function dockerJobCommand(appEnv: NodeJS.ProcessEnv): JobCommand {
  return ({ job, jobFile, env, outDir }) => ({
    file: 'docker',
    args: dockerRunArgs(job, {
      jobFile,
      outDir,
      ...(env.LOKI_GITHUB_TOKEN_FILE ? { tokenFile: env.LOKI_GITHUB_TOKEN_FILE } : {}),
      ...(appEnv.LOKI_IMAGE ? { image: appEnv.LOKI_IMAGE } : {}),
      passEnv: Object.keys(env).filter((name) => !NOT_PASSED.has(name)),
    }),
  });
}
