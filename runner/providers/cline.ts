import type { LokiConfig } from '../../gates/config/schema.js';
import type { CommandResult } from '../../gates/core/run-command.js';
import { classifyRun } from './classify-failure.js';
import type { AgentRequest, AgentResult, Provider } from './provider.js';
import { runAgentProcess } from './run-agent-process.js';

export const CLINE_BINARY = 'cline';
export const CLINE_INSTALL_FIX = 'install the Cline CLI: npm install -g cline';
export const CLINE_AUTH_FIX = 'run `cline auth` as the user that runs Loki to sign in or configure a provider API key';

const UNAUTHENTICATED = /not authenticated|not logged in|cline auth|unauthori[sz]ed|\b401\b|invalid api key|no api key/i;

/**
 * Above this size the prompt goes on stdin (Cline reads piped stdin as context) and argv carries a
 * fixed instruction: one argv element is capped at 128 KiB by the kernel.
 */
export const CLINE_ARGV_PROMPT_LIMIT = 64 * 1024;
export const CLINE_STDIN_TASK = 'Carry out the task given on standard input exactly as written there.';

/** `cline -y TASK`: headless, auto-approved; plain text on stdout is the answer. */
export function clineInvocation(request: AgentRequest, config: LokiConfig): { args: string[]; input: string } {
  const args = ['-y'];
  const model = request.model ?? config.provider.model;
  if (model) args.push('--model', model);
  if (Buffer.byteLength(request.prompt, 'utf8') > CLINE_ARGV_PROMPT_LIMIT) return { args: [...args, CLINE_STDIN_TASK], input: request.prompt };
  return { args: [...args, request.prompt], input: '' };
}

export function createClineProvider(config: LokiConfig, env: NodeJS.ProcessEnv = process.env): Provider {
  return {
    name: 'cline',
    async run(request) {
      const { args, input } = clineInvocation(request, config);
      const result = await runAgentProcess({ file: CLINE_BINARY, args, input }, request, env);
      return interpretClineRun(result);
    },
  };
}

export function interpretClineRun(result: CommandResult): AgentResult {
  const failure = classifyRun('cline', result, {
    binary: CLINE_BINARY,
    installFix: CLINE_INSTALL_FIX,
    unauthenticated: UNAUTHENTICATED,
    authFix: CLINE_AUTH_FIX,
    said: result.log,
  });
  return {
    provider: 'cline',
    ok: failure === undefined,
    text: result.stdout.trim(),
    durationMs: result.durationMs,
    exitCode: result.exitCode,
    failure,
  };
}
