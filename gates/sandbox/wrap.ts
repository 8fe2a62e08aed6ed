import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { toLokiError } from '../core/errors.js';
import { isGitHubCredential } from '../core/sensitive-env.js';
import { bwrapArgs, SANDBOX_HOME } from './bwrap.js';
import { defaultImage, dockerArgs, dockerContainerName } from './docker.js';
import { chooseSandbox, type SandboxChoice, type SandboxMode } from './mode.js';
import { HOME_TOOLCHAIN_DEFAULTS, planSandbox, type SandboxRequest } from './plan.js';
import { fixedSandboxVars } from './sandbox-env.js';
import { currentSandboxScope } from './scope.js';

export interface WrappedCommand {
  mode: SandboxMode;
  file: string;
  args: string[];
  env: Record<string, string>;
  /** After the command ended; `killed` when it was stopped (a container may outlive its client). */
  cleanup(killed: boolean): Promise<void>;
  /**
   * The sandbox started but the command inside did not exist: the same spawn error as outside
   * (ENOENT), so callers still say "install X" rather than "X failed".
   */
  notFound(exitCode: number | null, stderr: string): string | undefined;
}

/** bwrap's and docker's words for "no such command". */
function missing(pattern: RegExp, code: number, file: string): WrappedCommand['notFound'] {
  return (exitCode, stderr) => (exitCode === code && pattern.test(stderr) ? `spawn ${file} ENOENT (not found inside the sandbox)` : undefined);
}

export type WrapOutcome = { ok: true; command: WrappedCommand } | { ok: false; refusal: string };

/**
 * Where no sandbox is available and LOKI_SANDBOX is unset: by default repository code does not
 * run at all (the App's runners). `loki verify`, `loki build` and the Action on your own machine
 * or CI runner may fall back to no isolation, with a warning, by calling this.
 */
let fallback: ((message: string) => void) | undefined;
let warned = false;
export function allowUnsandboxedFallback(warn: (message: string) => void): void {
  fallback = warn;
}

export function unsandboxedFallbackAllowed(): boolean {
  return fallback !== undefined;
}

let chosen: Promise<SandboxChoice> | undefined;
let chosenFor: string | undefined;

/** The sandbox in force for this process (LOKI_SANDBOX checked against the machine, once). */
export function activeSandbox(env: NodeJS.ProcessEnv = process.env): Promise<SandboxChoice> {
  const key = `${env.LOKI_SANDBOX ?? ''}`;
  if (!chosen || chosenFor !== key) {
    chosenFor = key;
    chosen = chooseSandbox(env);
  }
  return chosen;
}

async function effectiveMode(): Promise<{ mode: SandboxMode } | { refusal: string }> {
  const choice = await activeSandbox();
  if (choice.ok) return { mode: choice.mode };
  if (fallback && choice.requested === undefined) {
    if (!warned) fallback(`${choice.reason}: repository code runs WITHOUT a sandbox (it can read this machine's files and other processes). Fix: ${choice.fix}`);
    warned = true;
    return { mode: 'none' };
  }
  return { refusal: `${choice.reason}. Fix: ${choice.fix}` };
}

/**
 * Turns one command that runs repository code into the command that runs it sandboxed. `env` is
 * the complete environment the command gets (built from an allowlist by the caller); no GitHub
 * credential passes whatever the caller put in.
 */
export async function wrapForSandbox(file: string, args: readonly string[], options: { cwd: string; env: Record<string, string>; shell: boolean; request: SandboxRequest }): Promise<WrapOutcome> {
  const decided = await effectiveMode();
  if ('refusal' in decided) return { ok: false, refusal: decided.refusal };
  const env = Object.fromEntries(Object.entries(options.env).filter(([name]) => !isGitHubCredential(name)));
  const [command, argv] = options.shell ? ['/bin/sh', ['-c', file]] : [file, [...args]];
  if (decided.mode === 'none') return { ok: true, command: { mode: 'none', file: command, args: argv, env, cleanup: async () => undefined, notFound: () => undefined } };

  const scope = currentSandboxScope();
  const ownHome = scope ? undefined : await mkdtemp(join(tmpdir(), 'loki-home-'));
  const removeHome = async () => {
    if (ownHome) await rm(ownHome, { recursive: true, force: true }).catch(() => undefined);
  };
  try {
    const home = ownHome ?? (await scope!.home());
    const request = scope?.readable.length ? { ...options.request, readable: [...(options.request.readable ?? []), ...scope.readable] } : options.request;
    const plan = planSandbox(request, { cwd: options.cwd, home, network: scope?.network ?? 'install-only', env: process.env, ...(env.PATH ? { commandPath: env.PATH } : {}) });
    const inner = { ...toolchainDefaults(process.env), ...env, ...fixedSandboxVars(SANDBOX_HOME) };
    if (decided.mode === 'bwrap') {
      return { ok: true, command: { mode: 'bwrap', file: 'bwrap', args: bwrapArgs(plan, command, argv), env: inner, cleanup: removeHome, notFound: missing(/^bwrap: execvp [^\n]*: No such file or directory/m, 1, command) } };
    }
    const name = dockerContainerName();
    const user = `${process.getuid?.() ?? 10001}:${process.getgid?.() ?? 10001}`;
    const client = { ...inner, ...dockerClientEnv(process.env) };
    return {
      ok: true,
      command: {
        mode: 'docker',
        file: 'docker',
        args: dockerArgs(plan, command, argv, { image: process.env.LOKI_IMAGE || defaultImage(), envNames: Object.keys(inner), user, name }),
        env: client,
        notFound: missing(/executable file not found|no such file or directory/i, 127, command),
        async cleanup(killed) {
          if (killed) await execa('docker', ['rm', '--force', name], { env: client, reject: false, timeout: 30_000 });
          await removeHome();
        },
      },
    };
  } catch (error) {
    await removeHome();
    const failure = toLokiError(error);
    return { ok: false, refusal: `${failure.message}${failure.fix ? `. Fix: ${failure.fix}` : ''}` };
  }
}

/** rustup, pyenv and nvm find their toolchains under HOME by default; the sandbox's HOME is another, so say where. */
function toolchainDefaults(env: NodeJS.ProcessEnv): Record<string, string> {
  const home = env.HOME;
  if (!home) return {};
  return Object.fromEntries(Object.entries(HOME_TOOLCHAIN_DEFAULTS).flatMap(([name, dir]) => (!env[name] && existsSync(join(home, dir)) ? [[name, join(home, dir)]] : [])));
}

/** What the docker client itself needs to find the engine (never passed into the container). */
function dockerClientEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const names = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY'];
  return Object.fromEntries(names.flatMap((n) => (env[n] ? [[n, env[n] as string]] : [])));
}
