import type { LokiConfig } from '../../gates/config/schema.js';
import type { CommandResult } from '../../gates/core/run-command.js';
import { classifyRun } from './classify-failure.js';
import { describeClineLine, parseClineJson, type ClineSummary } from './parse-cline-json.js';
import type { AgentRequest, AgentResult, Provider } from './provider.js';
import { runAgentProcess } from './run-agent-process.js';

export const CLINE_BINARY = 'cline';
export const CLINE_INSTALL_FIX = 'install the Cline CLI: npm install -g cline';
export const CLINE_AUTH_FIX = 'run `cline auth` as the user that runs Loki to sign in or configure a provider API key';

const UNAUTHENTICATED = /not authenticated|not logged in|unauthori[sz]ed|\b401\b|incorrect api key|invalid api key|no api key|authentication/i;

/**
 * Above this size the prompt goes on stdin (Cline reads piped stdin as part of the task) and argv
 * carries a fixed instruction: one argv element is capped at 128 KiB by the kernel.
 */
export const CLINE_ARGV_PROMPT_LIMIT = 64 * 1024;
export const CLINE_STDIN_TASK = 'Carry out the task given on standard input exactly as written there.';

/** `cline -y --json TASK`: headless and auto-approved, one JSON event per line. */
export function clineInvocation(request: AgentRequest, config: LokiConfig): { args: string[]; input: string } {
  const args = ['-y', '--json'];
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
      const result = await runAgentProcess({ file: CLINE_BINARY, args, input, describeLine: describeClineLine }, request, env);
      return interpretClineRun(result);
    },
  };
}

export function interpretClineRun(result: CommandResult): AgentResult {
  const summary = parseClineJson(result.stdout);
  const completed = summary.result?.finishReason === 'completed';
  const failure = classifyRun('cline', result, {
    binary: CLINE_BINARY,
    installFix: CLINE_INSTALL_FIX,
    unauthenticated: UNAUTHENTICATED,
    // Cline classifies its own errors; "auth" is the one that needs a sign-in.
    saysUnauthenticated: summary.errorClasses.includes('auth'),
    authFix: CLINE_AUTH_FIX,
    said: whatClineSaid(summary, result),
    reportedError: !completed,
  });
  return {
    provider: 'cline',
    ok: failure === undefined,
    text: summary.result?.text ?? '',
    costUsd: summary.result?.costUsd,
    usage: summary.result?.usage,
    durationMs: result.durationMs,
    exitCode: result.exitCode,
    failure,
  };
}

/** Cline's own error messages when it printed any; its stderr (SDK warnings, stacks) otherwise. */
function whatClineSaid(summary: ClineSummary, result: CommandResult): string {
  if (summary.errors.length > 0) return summary.errors.join('\n');
  if (summary.result && summary.result.finishReason !== 'completed') return `finished with "${summary.result.finishReason}": ${summary.result.text}`;
  return result.stderr || 'no run_result line in the --json output';
}
