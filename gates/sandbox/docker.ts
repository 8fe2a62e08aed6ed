import { randomBytes } from 'node:crypto';
import type { SandboxPlan } from './plan.js';
import { SANDBOX_HOME } from './bwrap.js';
import { publishedNames } from '../core/published-names.js';

/** The Loki runner image (see the Dockerfile), as published (package.json's repository); LOKI_IMAGE overrides it. */
export function defaultImage(): string {
  return publishedNames().image;
}

export interface DockerSandboxOptions {
  image: string;
  /** Names of the variables the container gets; their values come from the docker client's environment, never argv. */
  envNames: readonly string[];
  /** uid:gid the container runs as: the owner of the workspace, so files stay Loki's. */
  user: string;
  /** The container's name, so that a killed client's container can be removed. */
  name?: string;
}

export function dockerContainerName(): string {
  return `loki-sandbox-${randomBytes(6).toString('hex')}`;
}

/**
 * `docker run` for a plan: a throwaway sibling container of the Loki image with no capabilities,
 * no new privileges, bounded processes, its own PID/IPC/UTS namespaces (Docker's default), no
 * network unless the plan allows it, the workspace at the same path (its .git read-only), a
 * private HOME and /tmp, and Loki's scratch folders. Host toolchains are not mounted: the image's are used.
 */
export function dockerArgs(plan: SandboxPlan, file: string, args: readonly string[], options: DockerSandboxOptions): string[] {
  const out = [
    'run', '--rm', '-i', '--init',
    '--name', options.name ?? dockerContainerName(),
    '--label', 'dev.loki.sandbox=1',
    '--user', options.user,
    '--network', plan.network ? 'bridge' : 'none',
    '--cap-drop', 'ALL',
    '--security-opt', 'no-new-privileges',
    '--pids-limit', '4096',
    '--tmpfs', '/tmp:exec,mode=1777',
    '--mount', `type=bind,source=${plan.home},target=${SANDBOX_HOME}`,
    '--mount', `type=bind,source=${plan.workspace},target=${plan.workspace}`,
  ];
  for (const input of plan.inputs) out.push('--mount', `type=bind,source=${input.source},target=${input.target},readonly`);
  for (const path of plan.writable) out.push('--mount', `type=bind,source=${path},target=${path}`);
  for (const path of plan.gitEntries) out.push('--mount', `type=bind,source=${path},target=${path},readonly`);
  for (const name of options.envNames) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) out.push('--env', name);
  out.push('--workdir', plan.cwd, '--entrypoint', file, options.image, ...args);
  return out;
}
