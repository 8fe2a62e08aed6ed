import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { LokiError } from '../core/errors.js';
import { hiddenPaths, isWithin, READ_ONLY_VAR, splitPaths } from './hidden-paths.js';
import type { NetworkPolicy } from './scope.js';

/** What a sandboxed command is for: it decides the network (install-only lets installs and audits out). */
export type SandboxPurpose = 'install' | 'build' | 'test' | 'check' | 'audit' | 'agent';

export interface SandboxRequest {
  purpose: SandboxPurpose;
  /** Loki's own scratch folders the command writes into (a test reporter's output), mounted at the same path. */
  writable?: readonly string[];
  /** Loki's own files or folders the command reads (a prompt file), mounted read-only at the same path. */
  readable?: readonly string[];
}

/** Everything a sandbox implementation needs to know, resolved to real paths. */
export interface SandboxPlan {
  cwd: string;
  /** The job's checkout: the one writable host folder (with its .git read-only). */
  workspace: string;
  /** Read-only `.git` entries inside writable folders: repository code never rewrites git's config or hooks. */
  gitEntries: string[];
  home: string;
  network: boolean;
  /** System folders mounted read-only; a symlink (merged /usr) is recreated as a symlink. */
  system: Array<{ path: string; symlink?: string }>;
  /** Host toolchains (PATH folders, pyenv, rustup…), read-only; a container uses its image's instead. */
  toolchains: string[];
  /** Loki's own inputs and the operator's LOKI_SANDBOX_READ_ONLY paths, read-only in every sandbox (at the path named, with the real target's content). */
  inputs: Array<{ source: string; target: string }>;
  /** Loki's own scratch folders, writable. */
  writable: string[];
  /** Paths under a mounted folder that are covered up (empty folder or empty file). */
  masks: Array<{ path: string; kind: 'dir' | 'file' }>;
}

const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc', '/opt'];
/** Toolchain locations named by variables (pyenv, rustup, nvm…): mounted read-only when they exist. */
const TOOLCHAIN_VARS = ['PYENV_ROOT', 'RUSTUP_HOME', 'NVM_DIR', 'VOLTA_HOME', 'JAVA_HOME', 'GOROOT'];
/** Where those tools look when their variable is unset: the sandbox sets the variable (its HOME is another). */
export const HOME_TOOLCHAIN_DEFAULTS: Record<string, string> = { RUSTUP_HOME: '.rustup', PYENV_ROOT: '.pyenv', NVM_DIR: '.nvm' };

export function networkAllowed(purpose: SandboxPurpose, policy: NetworkPolicy): boolean {
  if (purpose === 'agent') return true;
  if (policy === 'on') return true;
  if (policy === 'off') return false;
  return purpose === 'install' || purpose === 'audit';
}

/**
 * The checkout a command runs in: the nearest folder above `cwd` (or `cwd` itself) holding
 * `.git`. Without one, `cwd` alone.
 */
export function findWorkspace(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}

export function planSandbox(request: SandboxRequest, options: { cwd: string; home: string; network: NetworkPolicy; env: NodeJS.ProcessEnv; commandPath?: string }): SandboxPlan {
  const cwd = real(options.cwd);
  const workspace = findWorkspace(cwd);
  const hidden = hiddenPaths(options.env).map(realIfExists);
  const system = SYSTEM_DIRS.flatMap((path): SandboxPlan["system"] => {
    const st = lstatOrUndefined(path);
    if (!st) return [];
    if (st.isSymbolicLink()) return [{ path, symlink: relativeLink(path) }];
    return st.isDirectory() ? [{ path }] : [];
  });
  const systemRoots = system.filter((s) => !s.symlink).map((s) => s.path);
  const underSystem = (p: string) => systemRoots.some((root) => isWithin(p, root));

  const readOnly = new Set<string>();
  const home = options.env.HOME ? realIfExists(resolve(options.env.HOME)) : undefined;
  for (const [name, dir] of Object.entries(HOME_TOOLCHAIN_DEFAULTS)) if (home && !options.env[name] && existsSync(join(home, dir))) readOnly.add(join(home, dir));
  // The folders the command itself will search (its PATH), and Loki's.
  for (const entry of [...splitPaths(options.commandPath), ...splitPaths(options.env.PATH), ...TOOLCHAIN_VARS.flatMap((v) => splitPaths(options.env[v]))]) {
    if (!existsSync(entry)) continue;
    const path = real(entry);
    if (underSystem(path)) continue;
    // ~/.pyenv/shims needs ~/.pyenv: a tool under HOME brings its top folder, never HOME itself.
    if (home && isWithin(path, home) && path !== home) readOnly.add(join(home, relative(home, path).split(sep)[0]!));
    else if (path !== home) readOnly.add(path);
  }
  const inputs = new Map<string, string>();
  for (const path of [...splitPaths(options.env[READ_ONLY_VAR]), ...(request.readable ?? []).map((p) => resolve(p))]) if (existsSync(path)) inputs.set(path, real(path));

  const writable = (request.writable ?? []).filter((p) => existsSync(p)).map(real);
  for (const path of [workspace, ...writable]) {
    if (path === '/' || SYSTEM_DIRS.some((s) => isWithin(s, path) || isWithin(path, s))) {
      throw new LokiError('USAGE', `refusing to sandbox a command whose workspace is ${path}: it would make ${path === '/' ? 'the whole file system' : 'a system folder'} writable`, { fix: 'run Loki in a checkout of the repository (a folder of its own)' });
    }
    const exposed = hidden.find((h) => isWithin(h, path));
    if (exposed) {
      throw new LokiError('USAGE', `refusing to sandbox a command in ${path}: it contains ${exposed}, which no sandbox may show`, { fix: 'keep checkouts outside the App state folder (LOKI_STATE_DIR), the token folder and the key file' });
    }
  }
  // A read-only path inside a hidden one (LOKI_SANDBOX_READ_ONLY=~/.ssh) is not mounted.
  for (const path of readOnly) if (hidden.some((h) => isWithin(path, h))) readOnly.delete(path);
  for (const [target, source] of inputs) if (hidden.some((h) => isWithin(source, h) || isWithin(target, h))) inputs.delete(target);
  const mounted = [...systemRoots, ...readOnly, ...inputs.values()];
  const masks = hidden
    .filter((h) => mounted.some((m) => isWithin(h, m)) && existsSync(h))
    .map((path) => ({ path, kind: statSync(path).isDirectory() ? ('dir' as const) : ('file' as const) }));
  const gitEntries = [workspace, ...writable].map((p) => join(p, '.git')).filter((p) => existsSync(p));
  return { cwd, workspace, gitEntries, home: options.home, network: networkAllowed(request.purpose, options.network), system, toolchains: [...readOnly], inputs: [...inputs].map(([target, source]) => ({ source, target })), writable, masks };
}

function real(path: string): string {
  return realpathSync(path);
}

function realIfExists(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function relativeLink(path: string): string {
  // Merged /usr: /bin -> usr/bin. Recreate the same link inside.
  return realpathSync(path);
}
