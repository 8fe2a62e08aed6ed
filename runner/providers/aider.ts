import { dirname } from 'node:path';
import type { LokiConfig } from '../../gates/config/schema.js';
import { classifyRun } from './classify-failure.js';
import { parseAiderOutput } from './parse-aider-output.js';
import type { AgentFailure, AgentRequest, AgentResult, Provider } from './provider.js';
import { runAgentProcess, type AgentProcessResult } from './run-agent-process.js';
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
        const result = await runAgentProcess(
          { file: AIDER_BINARY, args: aiderArgs(request, config, promptFile), describeLine: describeAiderLine, watchLine: watchForNoKeys, readable: [dirname(promptFile)] },
          request,
          env,
        );
        return interpretAiderRun(result);
      });
    },
  };
}

/**
 * With no model and no key, aider offers an OpenRouter sign-in in a browser and, with
 * --yes-always, waits for it: a hang on a headless runner. Its first line is enough to stop it.
 */
const NO_KEYS = /No LLM model was specified and no API keys were provided/;

function watchForNoKeys(line: string): string | undefined {
  return NO_KEYS.test(line) ? line.trim() : undefined;
}

function describeAiderLine(line: string): string | undefined {
  const trimmed = line.trim();
  if (/^Applied edit to |^Tokens: |^Commit |litellm\.\w*Error/.test(trimmed)) return `aider: ${trimmed.slice(0, 160)}`;
  return undefined;
}

export function interpretAiderRun(result: AgentProcessResult): AgentResult {
  const output = parseAiderOutput(result.stdout);
  const failure: AgentFailure | undefined = result.stopReason
    ? { kind: 'unauthenticated', message: `aider has no model credentials: ${result.stopReason}`, fix: AIDER_AUTH_FIX }
    : classifyRun('aider', result, {
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
