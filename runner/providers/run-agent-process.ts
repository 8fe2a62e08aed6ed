import { runCommand, type CommandResult } from '../../gates/core/run-command.js';
import { isGitHubCredential } from '../../gates/core/sensitive-env.js';
import { agentEnvironment } from './agent-env.js';
import type { AgentRequest } from './provider.js';

export interface AgentProcess {
  /** The executable (looked up on the agent environment's PATH), or a shell command when `shell` is set. */
  file: string;
  args: string[];
  /** Written to the agent's stdin, then stdin is closed. */
  input?: string;
  /** Operator-written command run through `sh -c` (the `command` provider only; never untrusted text). */
  shell?: boolean;
  /** Variables the adapter adds (e.g. LOKI_PROMPT_FILE); never a GitHub credential. */
  extraEnv?: Record<string, string>;
  /** Loki's own files outside the workspace the agent reads (the prompt file's folder), mounted read-only. */
  readable?: string[];
  /** Turns one complete stdout/stderr line into a short activity line, or nothing. */
  describeLine?: (line: string) => string | undefined;
  /**
   * Sees every output line; returns a reason when the agent is stuck in a way it will not leave
   * by itself (e.g. retrying forever without a network). The process tree is then killed.
   */
  watchLine?: (line: string) => string | undefined;
}

export interface AgentProcessResult extends CommandResult {
  /** Set when watchLine stopped the agent; `cancelled` is then true as well. */
  stopReason?: string;
}

/** Agent transcripts can be long; the final result line must survive the in-memory tail. */
const MAX_LOG_BYTES = 16 * 1024 * 1024;

/**
 * Starts one agent process: scrubbed environment, the workspace as cwd, its own process group so a
 * timeout or cancel kills the agent and everything it spawned.
 */
export async function runAgentProcess(spec: AgentProcess, request: AgentRequest, baseEnv: NodeJS.ProcessEnv): Promise<AgentProcessResult> {
  // Loki's own variables (LOKI_ROLE, LOKI_PROMPT_FILE…) are added to the allowlisted environment, never a GitHub credential.
  const own = Object.entries({ ...request.env, ...spec.extraEnv }).filter((e): e is [string, string] => e[1] !== undefined && !isGitHubCredential(e[0]));
  const env = { ...agentEnvironment(baseEnv), ...Object.fromEntries(own) };
  const watchdog = new AbortController();
  const signal = request.signal ? AbortSignal.any([request.signal, watchdog.signal]) : watchdog.signal;
  let stopReason: string | undefined;
  const onLine = (line: string) => {
    const described = spec.describeLine ? spec.describeLine(line) : defaultDescribe(line);
    if (described) request.onActivity?.(described);
    const stuck = spec.watchLine?.(line);
    if (stuck && !stopReason) {
      stopReason = stuck;
      watchdog.abort();
    }
  };
  const result = await runCommand(spec.file, spec.args, {
    cwd: request.cwd,
    shell: spec.shell,
    env,
    replaceEnv: true,
    // The agent is untrusted: sandboxed like the project's commands, with the network (its model API).
    sandbox: { purpose: 'agent', ...(spec.readable ? { readable: spec.readable } : {}) },
    timeoutMs: request.timeoutMs,
    signal,
    input: spec.input ?? '',
    maxLogBytes: MAX_LOG_BYTES,
    onOutput: request.onActivity || spec.watchLine ? lineSplitter(onLine) : undefined,
  });
  return stopReason ? { ...result, stopReason } : result;
}

function defaultDescribe(line: string): string | undefined {
  const trimmed = line.trim();
  return trimmed ? trimmed.slice(0, 200) : undefined;
}

/** Output arrives in arbitrary chunks; the live view and the watchdog want whole lines. */
function lineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        onLine(line);
      } catch {
        // The live view is best effort: a line it cannot describe is not a failure of the agent.
      }
    }
  };
}
