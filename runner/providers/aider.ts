import type { LokiConfig } from '../../gates/config/schema.js';
import type { CommandResult } from '../../gates/core/run-command.js';
import { classifyRun } from './classify-failure.js';
import { parseAiderOutput } from './parse-aider-output.js';
import type { AgentRequest, AgentResult, Provider } from './provider.js';
import { runAgentProcess } from './run-agent-process.js';
import { withPromptFile } from './with-prompt-file.js';

export const AIDER_BINARY = 'aider';
export const AIDER_INSTALL_FIX = 'install aider: python3 -m pip install aider-install && aider-install';
export const AIDER_AUTH_FIX = "set the model provider's API key for aider (ANTHROPIC_API_KEY, OPENAI_API_KEY, …) and name the model with provider.model";

const UNAUTHENTICATED = /AuthenticationError|Missing these environment variables|No LLM model was specified and no API keys|invalid (?:x-)?api[ -]?key|\b401\b/i;

/**
 * Aider in one-shot mode. The prompt is read from a file (`--message-file`), never argv; Loki makes
 * the commits itself (checkpoints), so aider's own auto-commits are off.
 */
export function aiderArgs(request: AgentRequest, config: LokiConfig, promptFile: string): string[] {
  const args = ['--message-file', promptFile, '--yes-always', '--no-auto-commits', '--no-check-update', '--no-pretty', '--analytics-disable'];
  const model = request.model ?? config.provider.model;
  if (model) args.push('--model', model);
  return args;
}

export function createAiderProvider(config: LokiConfig, env: NodeJS.ProcessEnv = process.env): Provider {
  return {
    name: 'aider',
    run(request) {
      return withPromptFile(request.prompt, async (promptFile) => {
        const result = await runAgentProcess({ file: AIDER_BINARY, args: aiderArgs(request, config, promptFile) }, request, env);
        return interpretAiderRun(result);
      });
    },
  };
}

export function interpretAiderRun(result: CommandResult): AgentResult {
  const output = parseAiderOutput(result.stdout);
  const failure = classifyRun('aider', result, {
    binary: AIDER_BINARY,
    installFix: AIDER_INSTALL_FIX,
    unauthenticated: UNAUTHENTICATED,
    authFix: AIDER_AUTH_FIX,
    said: [...output.errors, result.stderr].join('\n'),
    // Aider prints API errors and still exits 0; with no reply at all, nothing was done.
    reportedError: output.errors.length > 0 && output.replies === 0,
  });
  return {
    provider: 'aider',
    ok: failure === undefined,
    text: output.text,
    costUsd: output.costUsd,
    usage: output.usage,
    durationMs: result.durationMs,
    exitCode: result.exitCode,
    failure,
  };
}
