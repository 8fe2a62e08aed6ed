import { runCommand, type CommandResult } from '../core/run-command.js';
import { projectCommandEnv } from '../core/project-command-env.js';
import type { Toolchain } from './toolchain.js';

/** Runs the project's build command (which must exist) in its root, with the scrubbed environment. */
export function runBuildStep(toolchain: Toolchain, options: { signal: AbortSignal; timeoutMs: number }): Promise<CommandResult> {
  const build = toolchain.build;
  if (!build) throw new Error('runBuildStep needs a build command');
  return runCommand(build.file, build.args, {
    cwd: toolchain.root,
    shell: build.shell,
    env: projectCommandEnv(),
    replaceEnv: true,
    sandbox: { purpose: 'build' },
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
}
