import { dirname } from 'node:path';
import type { LokiConfig } from '../../gates/config/schema.js';
import type { CommandResult } from '../../gates/core/run-command.js';
import { exitFailure, lastLines, processFailure } from './classify-failure.js';
import type { AgentFailure, AgentResult, Provider } from './provider.js';
import { runAgentProcess } from './run-agent-process.js';
import { withPromptFile } from './with-prompt-file.js';

/**
 * The `command` provider: any executable acting as the coding agent. The command line is the
 * operator's (LOKI_AGENT_COMMAND or provider.command), so it runs through `sh -c`; the prompt,
 * which may carry untrusted issue text, only ever travels as data: on stdin and in the file named
 * by LOKI_PROMPT_FILE. Whatever the command prints on stdout is the answer. A last stdout line
 * `LOKI_COST_USD=<dollars>` reports what the call cost (optional; it is removed from the answer).
 */
export const AGENT_COMMAND_VAR = 'LOKI_AGENT_COMMAND';
export const PROMPT_FILE_VAR = 'LOKI_PROMPT_FILE';
export const COST_LINE = /^LOKI_COST_USD=(\d+(?:\.\d+)?)\s*$/;

export const COMMAND_MISSING_FIX = `set ${AGENT_COMMAND_VAR} (or provider.command in .github/loki.yml) to the command that runs your agent`;

export function agentCommand(config: LokiConfig, env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = env[AGENT_COMMAND_VAR]?.trim();
  return fromEnv || config.provider.command;
}

export function createCommandProvider(config: LokiConfig, env: NodeJS.ProcessEnv = process.env): Provider {
  const command = agentCommand(config, env);
  return {
    name: 'command',
    async run(request) {
      if (!command) return notConfigured();
      return withPromptFile(request.prompt, async (promptFile) => {
        const result = await runAgentProcess(
          { file: command, args: [], shell: true, input: request.prompt, extraEnv: { [PROMPT_FILE_VAR]: promptFile }, readable: [dirname(promptFile)] },
          request,
          env,
        );
        return interpretCommandRun(result);
      });
    },
  };
}

function notConfigured(): AgentResult {
  const failure: AgentFailure = { kind: 'missing', message: 'the command provider has no command to run', fix: COMMAND_MISSING_FIX };
  return { provider: 'command', ok: false, text: '', durationMs: 0, exitCode: null, failure };
}

export function interpretCommandRun(result: CommandResult): AgentResult {
  const { text, costUsd } = splitCost(result.stdout);
  const failure = commandFailure(result);
  return { provider: 'command', ok: failure === undefined, text, costUsd, durationMs: result.durationMs, exitCode: result.exitCode, failure };
}

function commandFailure(result: CommandResult): AgentFailure | undefined {
  const early = processFailure('command', '/bin/sh', result, COMMAND_MISSING_FIX);
  if (early) return early;
  if (result.exitCode === 0) return undefined;
  // 127 is the shell's "command not found": the agent itself is not installed.
  if (result.exitCode === 127) {
    return { kind: 'missing', message: `the agent command was not found: ${lastLines(result.stderr, 2)}`, fix: `install the agent, or correct ${AGENT_COMMAND_VAR} / provider.command` };
  }
  return exitFailure('command', result);
}

/** Separates the optional `LOKI_COST_USD=` line from the answer. */
export function splitCost(stdout: string): { text: string; costUsd?: number } {
  const lines = stdout.replace(/\s+$/, '').split('\n');
  const last = lines.at(-1) ?? '';
  const match = COST_LINE.exec(last.trim());
  if (!match) return { text: stdout.trim() };
  return { text: lines.slice(0, -1).join('\n').trim(), costUsd: Number(match[1]) };
}
