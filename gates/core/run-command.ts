import { createHash } from 'node:crypto';
import { execa } from 'execa';
import type { SandboxRequest } from '../sandbox/plan.js';
import { wrapForSandbox, type WrappedCommand } from '../sandbox/wrap.js';
import { recordCommand } from './command-log.js';
import { killProcessGroup, trackProcessGroup } from './live-processes.js';
import { TextTail } from './text-tail.js';

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
  /**
   * Characters of each of stdout, stderr and the combined log kept in memory (the tail); the hash
   * still covers everything. Anything dropped sets `truncated`.
   */
  maxLogBytes?: number;
  /** Every piece of output (stdout and stderr), decoded; multi-byte characters are never split. */
  onOutput?: (chunk: string) => void;
  /** Every piece of stdout alone, decoded: for callers that parse output too large to keep (a big diff). */
  onStdout?: (chunk: string) => void;
  /** Time between SIGTERM and SIGKILL when stopping (default 2 s); longer for children that save work on SIGTERM. */
  killGraceMs?: number;
  /**
   * The command runs repository code (install, build, tests, linters that load project config, the
   * agent): it runs in the sandbox (gates/sandbox), with `env` as its whole environment. Where no
   * sandbox may run it, it does not start and `spawnError` says why and how to fix it.
   */
  sandbox?: SandboxRequest;
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
  /**
   * Output was cut to fit maxLogBytes: stdout, stderr or log is only the tail of what the command
   * printed. Whoever parses the output must treat it as inconclusive, never as complete.
   */
  truncated: boolean;
  /** Bytes the command printed on stdout and stderr (all of it, not only what was kept). */
  outputBytes: number;
}

const KILL_GRACE_MS = 2_000;
const DEFAULT_MAX_LOG = 2 * 1024 * 1024;

/**
 * Runs one command (execa, argv only) in its own process group. A timeout or an abort kills the
 * whole tree (SIGTERM, then SIGKILL after a grace period), never just the direct child.
 */
export async function runCommand(file: string, args: readonly string[], options: RunCommandOptions): Promise<CommandResult> {
  const started = Date.now();
  const maxLog = options.maxLogBytes ?? DEFAULT_MAX_LOG;
  const display = options.shell ? file : [file, ...args].join(' ');
  let [command, argv] = options.shell ? ['/bin/sh', ['-c', file]] : [file, [...args]];
  let env = options.replaceEnv ? { ...options.env } : options.env;
  let sandboxed: WrappedCommand | undefined;
  if (options.sandbox) {
    const wrapped = await wrapForSandbox(file, args, { cwd: options.cwd, env: definedOnly(options.env ?? {}), shell: options.shell ?? false, request: options.sandbox });
    if (!wrapped.ok) return notStarted(display, wrapped.refusal, started);
    sandboxed = wrapped.command;
    [command, argv, env] = [sandboxed.file, sandboxed.args, sandboxed.env];
  }
  const hash = createHash('sha256');
  const stdout = new TextTail(maxLog);
  const stderr = new TextTail(maxLog);
  const log = new TextTail(maxLog);
  let outputBytes = 0;
  let timedOut = false;
  let cancelled = false;
  let killTimer: NodeJS.Timeout | undefined;

  const child = execa(command, argv, {
    cwd: options.cwd,
    env,
    // Sandboxed commands never inherit Loki's environment.
    extendEnv: !options.replaceEnv && !sandboxed,
    detached: true,
    cleanup: false,
    buffer: false,
    reject: false,
    stripFinalNewline: false,
    encoding: 'buffer',
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const pid = child.pid;
  const untrack = pid === undefined ? () => false : trackProcessGroup(pid);

  const listen = (stream: NodeJS.ReadableStream | null, tail: TextTail, onText?: (text: string) => void) => {
    const decoder = new TextDecoder('utf-8');
    const take = (text: string) => {
      if (!text) return;
      tail.push(text);
      log.push(text);
      onText?.(text);
      options.onOutput?.(text);
    };
    stream?.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      outputBytes += chunk.length;
      take(decoder.decode(chunk, { stream: true }));
    });
    return () => take(decoder.decode());
  };
  const flushOut = listen(child.stdout, stdout, options.onStdout);
  const flushErr = listen(child.stderr, stderr);

  const stop = () => {
    if (pid === undefined) return;
    killProcessGroup(pid, 'SIGTERM');
    killTimer ??= setTimeout(() => killProcessGroup(pid, 'SIGKILL'), options.killGraceMs ?? KILL_GRACE_MS);
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

  child.stdin?.on('error', () => undefined);
  child.stdin?.end(options.input ?? '');

  const result = await child;
  if (timer) clearTimeout(timer);
  if (killTimer) clearTimeout(killTimer);
  options.signal?.removeEventListener('abort', onAbort);
  // The group may still hold grandchildren that ignored SIGTERM or outlived the leader.
  if (pid !== undefined && (timedOut || cancelled)) killProcessGroup(pid, 'SIGKILL');
  untrack();
  flushOut();
  flushErr();
  await sandboxed?.cleanup(timedOut || cancelled);

  const spawnError = pid === undefined ? startFailure(result) : sandboxed?.notFound(result.exitCode ?? null, stderr.text());
  const ran: CommandResult = {
    command: display,
    exitCode: spawnError !== undefined || result.exitCode === undefined ? null : result.exitCode,
    signal: (result.signal as NodeJS.Signals | undefined) ?? null,
    timedOut,
    cancelled,
    spawnError,
    stdout: stdout.text(),
    stderr: stderr.text(),
    log: log.text(),
    logSha256: hash.digest('hex'),
    durationMs: Date.now() - started,
    truncated: stdout.dropped || stderr.dropped || log.dropped,
    outputBytes,
  };
  recordCommand(ran);
  return ran;
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** A command that was never started (no sandbox may run it): a spawn error, with the reason and the fix. */
function notStarted(display: string, reason: string, started: number): CommandResult {
  recordCommand({ command: display, exitCode: null, durationMs: Date.now() - started, log: '', truncated: false, outputBytes: 0, spawnError: reason });
  return {
    command: display, exitCode: null, signal: null, timedOut: false, cancelled: false, spawnError: reason,
    stdout: '', stderr: '', log: '', logSha256: createHash('sha256').digest('hex'), durationMs: Date.now() - started, truncated: false, outputBytes: 0,
  };
}

function startFailure(result: { cause?: unknown; originalMessage?: string; shortMessage?: string }): string {
  if (result.cause instanceof Error) return result.cause.message;
  return result.originalMessage || result.shortMessage || 'the process could not be started';
}

/** Why output cut at the cap cannot be judged, or undefined when it was kept whole. */
export function describeTruncation(result: CommandResult): string | undefined {
  if (!result.truncated) return undefined;
  return `\`${result.command}\` printed ${(result.outputBytes / 1024 / 1024).toFixed(1)} MiB, more than Loki keeps of one command, so its output cannot be read whole`;
}

/** It ran to the end and exited 0: not failed to start, timed out or cancelled. */
export function succeeded(result: CommandResult): boolean {
  return result.exitCode === 0 && !result.spawnError && !result.timedOut && !result.cancelled;
}

/** A short, human description of why a command did not succeed. */
export function describeFailure(result: CommandResult): string {
  if (result.spawnError) return `could not start \`${result.command}\`: ${result.spawnError}`;
  if (result.timedOut) return `\`${result.command}\` timed out after ${Math.round(result.durationMs / 1000)} s and was killed`;
  if (result.cancelled) return `\`${result.command}\` was cancelled`;
  if (result.signal) return `\`${result.command}\` was killed by ${result.signal}`;
  return `\`${result.command}\` exited with code ${result.exitCode}`;
}
