import { execa } from 'execa';
import { dropPrivilegeArgs } from './bwrap.js';

/**
 * Which sandbox runs repository code: `bwrap` (bubblewrap, the default wherever it is installed
 * and works), `docker` (sibling containers of the Loki image through the Docker socket) or `none`
 * (no isolation: only when LOKI_SANDBOX=none says so).
 */
export const SANDBOX_MODES = ['bwrap', 'docker', 'none'] as const;
export type SandboxMode = (typeof SANDBOX_MODES)[number];
export const SANDBOX_VAR = 'LOKI_SANDBOX';

export type SandboxChoice =
  | { ok: true; mode: SandboxMode; explicit: boolean }
  | { ok: false; requested: SandboxMode | undefined; reason: string; fix: string };

const INSTALL_FIX =
  'install bubblewrap (`apt-get install -y bubblewrap`, then `bwrap --version`), or set LOKI_SANDBOX=docker with a Docker engine, or set LOKI_SANDBOX=none to run repository code without isolation (only for code you trust)';

/** bwrap is there but the kernel, seccomp or a container's masked /proc stops it. */
const NAMESPACES_FIX =
  'inside a container, start it with --security-opt seccomp=unconfined --security-opt apparmor=unconfined --security-opt systempaths=unconfined (see compose.yaml); on a host, allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, and kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu); or set LOKI_SANDBOX=docker with a Docker engine, or LOKI_SANDBOX=none to run repository code without isolation (only for code you trust)';
const NOT_ON_PATH = 'bubblewrap (`bwrap`) is not on PATH';

const probes = new Map<string, Promise<string | undefined>>();

/** Runs a probe once per process; resolves to undefined when it worked, else to what went wrong. */
function probeOnce(key: string, run: () => Promise<string | undefined>): Promise<string | undefined> {
  let probe = probes.get(key);
  if (!probe) probes.set(key, (probe = run().catch((error: unknown) => (error as Error).message)));
  return probe;
}

/** Does bubblewrap start a process in fresh PID, IPC and UTS namespaces here, dropping root as the real sandbox does? */
export function probeBwrap(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return probeOnce(`bwrap:${env.PATH ?? ''}`, async () => {
    const result = await execa('bwrap', ['--ro-bind', '/', '/', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--proc', '/proc', '--dev', '/dev', '--die-with-parent', ...dropPrivilegeArgs(), 'true'], {
      env: { PATH: env.PATH ?? '/usr/bin:/bin' },
      extendEnv: false,
      reject: false,
      timeout: 15_000,
    });
    if (result.exitCode === 0) return undefined;
    if ((result as { code?: string }).code === 'ENOENT' || /ENOENT/.test(String(result.message ?? ''))) return NOT_ON_PATH;
    return `bubblewrap is installed but cannot create namespaces here: ${String(result.stderr || result.message).trim().split('\n')[0]}`;
  });
}

/** Does a Docker engine answer? */
export function probeDocker(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return probeOnce(`docker:${env.DOCKER_HOST ?? ''}`, async () => {
    const result = await execa('docker', ['version', '--format', '{{.Server.Version}}'], { env, reject: false, timeout: 15_000 });
    if (result.exitCode === 0 && String(result.stdout).trim()) return undefined;
    if (/ENOENT/.test(String(result.message ?? ''))) return 'the docker client is not on PATH';
    return `no Docker engine answers: ${String(result.stderr || result.message).trim().split('\n')[0]}`;
  });
}

/**
 * LOKI_SANDBOX as set, checked against what this machine can do. Unset means bubblewrap when it
 * works here; `none` is never chosen for you.
 */
export async function chooseSandbox(env: NodeJS.ProcessEnv = process.env): Promise<SandboxChoice> {
  const raw = env[SANDBOX_VAR]?.trim().toLowerCase();
  if (raw && !(SANDBOX_MODES as readonly string[]).includes(raw)) {
    return { ok: false, requested: undefined, reason: `LOKI_SANDBOX=${JSON.stringify(env[SANDBOX_VAR])} is not a sandbox Loki knows`, fix: 'set LOKI_SANDBOX to bwrap, docker or none (or unset it to use bubblewrap)' };
  }
  const requested = raw as SandboxMode | undefined;
  if (requested === 'none') return { ok: true, mode: 'none', explicit: true };
  if (requested === 'docker') {
    const problem = await probeDocker(env);
    return problem ? { ok: false, requested, reason: `LOKI_SANDBOX=docker, but ${problem}`, fix: 'start a Docker engine (or set DOCKER_HOST), or unset LOKI_SANDBOX to use bubblewrap' } : { ok: true, mode: 'docker', explicit: true };
  }
  const problem = await probeBwrap(env);
  if (!problem) return { ok: true, mode: 'bwrap', explicit: requested === 'bwrap' };
  return { ok: false, requested, reason: `no sandbox is available: ${problem}`, fix: problem === NOT_ON_PATH ? INSTALL_FIX : NAMESPACES_FIX };
}
