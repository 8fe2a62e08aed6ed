import type { SandboxPlan } from './plan.js';

/** Where the sandbox's private HOME appears inside. */
export const SANDBOX_HOME = '/home/loki';
/** The user repository code runs as inside when Loki itself is root (the image's `loki` user). */
export const SANDBOX_UID = 10001;

/**
 * The bubblewrap argv for a plan: fresh PID, IPC and UTS namespaces (and network, when it is off)
 * with their own /proc, a minimal /dev, a private /tmp, the system folders and toolchains
 * read-only, the workspace writable except its .git, a private HOME, and the hidden paths covered
 * up. The process dies with Loki and cannot reach Loki's terminal. No environment travels on the
 * command line: bwrap passes its own (the allowlisted one) to the command.
 *
 * Started by root (a GitHub job container, many App hosts), bwrap would keep every capability
 * inside: the command could unmount the covers over hidden paths and read what lies beneath. So
 * for root it also gets a user namespace of its own, an unprivileged uid there and no
 * capabilities; its files on the host stay root's, like the runner's. (Started by anyone else,
 * bwrap does this by itself.)
 */
export function bwrapArgs(plan: SandboxPlan, file: string, args: readonly string[]): string[] {
  const out = ['--die-with-parent', '--new-session', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--hostname', 'loki-sandbox'];
  out.push(...dropPrivilegeArgs());
  if (!plan.network) out.push('--unshare-net');
  // Fresh mounts first: binds below may sit inside /tmp (Loki's own scratch folders).
  out.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--tmpfs', '/var/tmp', '--tmpfs', '/run', '--dir', '/home');
  for (const entry of plan.system) {
    if (entry.symlink) out.push('--symlink', entry.symlink, entry.path);
    else out.push('--ro-bind', entry.path, entry.path);
  }
  for (const path of plan.toolchains) out.push('--ro-bind', path, path);
  for (const input of plan.inputs) out.push('--ro-bind', input.source, input.target);
  for (const mask of plan.masks) {
    if (mask.kind === 'dir') out.push('--tmpfs', mask.path);
    else out.push('--ro-bind', '/dev/null', mask.path);
  }
  out.push('--bind', plan.home, SANDBOX_HOME);
  for (const path of [plan.workspace, ...plan.writable]) out.push('--bind', path, path);
  for (const path of plan.gitEntries) out.push('--ro-bind', path, path);
  out.push('--chdir', plan.cwd, '--', file, ...args);
  return out;
}

/** For root only: a user namespace of its own, an unprivileged uid in it, no capabilities. */
export function dropPrivilegeArgs(uid: number = process.geteuid?.() ?? -1): string[] {
  return uid === 0 ? ['--unshare-user', '--uid', String(SANDBOX_UID), '--gid', String(SANDBOX_UID), '--cap-drop', 'ALL'] : [];
}
