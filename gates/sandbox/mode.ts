import { execa } from 'execa';

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

const probes = new Map<string, Promise<string | undefined>>();

/** Runs a probe once per process; resolves to undefined when it worked, else to what went wrong. */
function probeOnce(key: string, run: () => Promise<string | undefined>): Promise<string | undefined> {
  let probe = probes.get(key);
  if (!probe) probes.set(key, (probe = run().catch((error: unknown) => (error as Error).message)));
  return probe;
}

/** Does bubblewrap start a process in fresh PID, IPC and UTS namespaces here? */
export function probeBwrap(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return probeOnce(`bwrap:${env.PATH ?? ''}`, async () => {
    const result = await execa('bwrap', ['--ro-bind', '/', '/', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--proc', '/proc', '--dev', '/dev', '--die-with-parent', 'true'], {
      env: { PATH: env.PATH ?? '/usr/bin:/bin' },
      extendEnv: false,
      reject: false,
      timeout: 15_000,
    });
    if (result.exitCode === 0) return undefined;
    if ((result as { code?: string }).code === 'ENOENT' || /ENOENT/.test(String(result.message ?? ''))) return 'bubblewrap (`bwrap`) is not on PATH';
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
  return { ok: false, requested, reason: `no sandbox is available: ${problem}`, fix: INSTALL_FIX };
}
