import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../gates/core/package-root.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `loki` bundle as a user would: a separate process, in a directory. */
export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number }): CliRun {
  const result = spawnSync(process.execPath, [join(packageRoot(), 'dist/cli/loki.js'), ...args], {
    cwd: options.cwd,
    env: { ...process.env, GITHUB_BASE_REF: '', GITHUB_REPOSITORY: '', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
