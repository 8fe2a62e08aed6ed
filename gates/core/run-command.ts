import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { killProcessGroup, trackProcessGroup } from './live-processes.js';

export interface RunCommandOptions {
  cwd: string;
  /** Run through `sh -c`. Only for commands written by the repository owner (config, manifests). */
  shell?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Replace the environment instead of extending process.env (used to keep tokens away from agents). */
  replaceEnv?: boolean;
  timeoutMs?: number;
  input?: string;
  signal?: AbortSignal;
  /** Bytes of combined output kept in memory; the hash still covers everything. */
  maxLogBytes?: number;
  onOutput?: (chunk: string) => void;
  /** Time between SIGTERM and SIGKILL when stopping (default 2 s); longer for children that save work on SIGTERM. */
  killGraceMs?: number;
}

export interface CommandResult {
  command: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  /** The process could not be started at all (ENOENT and friends). */
  spawnError: string | undefined;
  stdout: string;
  stderr: string;
  /** Interleaved stdout+stderr, truncated to maxLogBytes from the end. */
  log: string;
  logSha256: string;
  durationMs: number;
}

const KILL_GRACE_MS = 2_000;

/**
 * Runs one command in its own process group. A timeout or an abort kills the whole tree
 * (SIGTERM, then SIGKILL after a grace period), never just the direct child.
 */
export function runCommand(file: string, args: readonly string[], options: RunCommandOptions): Promise<CommandResult> {
  const started = Date.now();
  const maxLog = options.maxLogBytes ?? 2 * 1024 * 1024;
  const display = options.shell ? file : [file, ...args].join(' ');
  const env = options.replaceEnv ? { ...options.env } : { ...process.env, ...options.env };

  return new Promise((resolve) => {
    const hash = createHash('sha256');
    let stdout = '';
    let stderr = '';
    let log = '';
    let timedOut = false;
    let cancelled = false;
    let spawnError: string | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const child = options.shell
      ? spawn('/bin/sh', ['-c', file], { cwd: options.cwd, env, detached: true, stdio: 'pipe' })
      : spawn(file, args, { cwd: options.cwd, env, detached: true, stdio: 'pipe' });
    const untrack = child.pid === undefined ? () => false : trackProcessGroup(child.pid);

    const append = (which: 'out' | 'err', chunk: Buffer) => {
      const text = chunk.toString('utf8');
      hash.update(chunk);
      if (which === 'out') stdout = keepTail(stdout + text, maxLog);
      else stderr = keepTail(stderr + text, maxLog);
      log = keepTail(log + text, maxLog);
      options.onOutput?.(text);
    };
    child.stdout.on('data', (c: Buffer) => append('out', c));
    child.stderr.on('data', (c: Buffer) => append('err', c));

    const stop = () => {
      if (child.pid === undefined) return;
      killProcessGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => child.pid !== undefined && killProcessGroup(child.pid, 'SIGKILL'), options.killGraceMs ?? KILL_GRACE_MS);
    };
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          stop();
        }, options.timeoutMs)
      : undefined;
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error) => {
      spawnError = error.message;
    });
    child.stdin.on('error', () => undefined);
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();

    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      // The group may still hold grandchildren that ignored SIGTERM or outlived the leader.
      if (child.pid !== undefined && (timedOut || cancelled)) killProcessGroup(child.pid, 'SIGKILL');
      untrack();
      resolve({
        command: display,
        exitCode: code,
        signal,
        timedOut,
        cancelled,
        spawnError,
        stdout,
        stderr,
        log,
        logSha256: hash.digest('hex'),
        durationMs: Date.now() - started,
      });
    });
  });
}

function keepTail(text: string, max: number): string {
  return text.length > max ? text.slice(text.length - max) : text;
}

/** A short, human description of why a command did not succeed. */
export function describeFailure(result: CommandResult): string {
  if (result.spawnError) return `could not start \`${result.command}\`: ${result.spawnError}`;
  if (result.timedOut) return `\`${result.command}\` timed out after ${Math.round(result.durationMs / 1000)} s and was killed`;
  if (result.cancelled) return `\`${result.command}\` was cancelled`;
  if (result.signal) return `\`${result.command}\` was killed by ${result.signal}`;
  return `\`${result.command}\` exited with code ${result.exitCode}`;
}
