import { dirname } from 'node:path';
import type { JobCommand } from './local-dispatcher.js';

/**
 * LOKI_SANDBOX=docker: the runner runs in the Loki image (LOKI_IMAGE, default `loki:latest`) with
 * only the job file and the token folder mounted, read-only, at the same paths, and the runner's
 * (already scrubbed) environment passed by name so no value appears on a command line.
 */
export function dockerJobCommand(appEnv: NodeJS.ProcessEnv): JobCommand {
  const image = appEnv.LOKI_IMAGE ?? 'loki:latest';
  return (jobFile, env) => {
    const mounts = [dirname(jobFile), ...(env.LOKI_GITHUB_TOKEN_FILE ? [dirname(dirname(env.LOKI_GITHUB_TOKEN_FILE))] : [])];
    const passEnv = Object.keys(env).filter((name) => name !== 'PATH' && name !== 'HOME');
    return {
      file: 'docker',
      args: [
        'run', '--rm', '--init',
        ...mounts.flatMap((dir) => ['--volume', `${dir}:${dir}:ro`]),
        ...passEnv.flatMap((name) => ['--env', name]),
        image, 'run-job', '--job', jobFile,
      ],
    };
  };
}
