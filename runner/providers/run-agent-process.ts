import { runCommand, type CommandResult } from '../../gates/core/run-command.js';
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
  /** Variables the adapter adds (e.g. LOKI_PROMPT_FILE); scrubbed like everything else. */
  extraEnv?: Record<string, string>;
  /** Turns one complete stdout/stderr line into a short activity line, or nothing. */
  describeLine?: (line: string) => string | undefined;
}

/** Agent transcripts can be long; the final result line must survive the in-memory tail. */
const MAX_LOG_BYTES = 16 * 1024 * 1024;

/**
 * Starts one agent process: scrubbed environment, the workspace as cwd, its own process group so a
 * timeout or cancel kills the agent and everything it spawned.
 */
export function runAgentProcess(spec: AgentProcess, request: AgentRequest, baseEnv: NodeJS.ProcessEnv): Promise<CommandResult> {
  const env = agentEnvironment({ ...baseEnv, ...request.env, ...spec.extraEnv });
  const onOutput = request.onActivity ? lineSplitter(spec.describeLine ?? defaultDescribe, request.onActivity) : undefined;
  return runCommand(spec.file, spec.args, {
    cwd: request.cwd,
    shell: spec.shell,
    env,
    replaceEnv: true,
    timeoutMs: request.timeoutMs,
    signal: request.signal,
    input: spec.input ?? '',
    maxLogBytes: MAX_LOG_BYTES,
    onOutput,
  });
}

function defaultDescribe(line: string): string | undefined {
  const trimmed = line.trim();
  return trimmed ? trimmed.slice(0, 200) : undefined;
}

/** Output arrives in arbitrary chunks; the live view wants whole lines. */
function lineSplitter(describe: (line: string) => string | undefined, emit: (line: string) => void): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const described = safeDescribe(describe, line);
      if (described) emit(described);
    }
  };
}

function safeDescribe(describe: (line: string) => string | undefined, line: string): string | undefined {
  try {
    return describe(line);
  } catch {
    // The live view is best effort: a line it cannot describe is not a failure of the agent.
    return undefined;
  }
}
