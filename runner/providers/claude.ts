import type { LokiConfig } from '../../gates/config/schema.js';
import type { CommandResult } from '../../gates/core/run-command.js';
import { detectRootRefusal, exitFailure, lastLines, processFailure } from './classify-failure.js';
import { describeClaudeLine, parseClaudeStream, type ClaudeStreamSummary } from './parse-claude-stream.js';
import type { AgentFailure, AgentRequest, AgentResult, Provider } from './provider.js';
import { runAgentProcess } from './run-agent-process.js';

export const CLAUDE_BINARY = 'claude';
export const CLAUDE_INSTALL_FIX = 'install Claude Code: npm install -g @anthropic-ai/claude-code';
export const CLAUDE_AUTH_FIX = 'run `claude login` as the user that runs Loki, or set ANTHROPIC_API_KEY (or CLAUDE_CODE_OAUTH_TOKEN from `claude setup-token`)';

const UNAUTHENTICATED = /not logged in|please run \/login|invalid api key|invalid x-api-key|authentication_error|oauth token (?:has )?(?:expired|been revoked)/i;

/**
 * Claude Code in print mode. The prompt goes on stdin (`claude -p` reads it from there when no
 * prompt argument is given), so untrusted spec text is never an argv element and long prompts
 * are not cut by the kernel's argument limit.
 */
export function claudeArgs(request: AgentRequest, config: LokiConfig): string[] {
  const args = ['-p', '--output-format', 'stream-json', '--verbose', '--dangerously-skip-permissions'];
  const model = request.model ?? config.provider.model;
  if (model) args.push('--model', model);
  const fallback = config.provider.fallback_model;
  // Claude rejects a fallback model equal to the main one.
  if (fallback && fallback !== model) args.push('--fallback-model', fallback);
  if (request.maxBudgetUsd !== undefined && request.maxBudgetUsd > 0) args.push('--max-budget-usd', String(request.maxBudgetUsd));
  return args;
}

export function createClaudeProvider(config: LokiConfig, env: NodeJS.ProcessEnv = process.env): Provider {
  return {
    name: 'claude',
    async run(request) {
      const result = await runAgentProcess(
        { file: CLAUDE_BINARY, args: claudeArgs(request, config), input: request.prompt, describeLine: describeClaudeLine },
        request,
        env,
      );
      return interpretClaudeRun(result);
    },
  };
}

/** Reads a finished claude process: its stream, its stderr and its exit code. */
export function interpretClaudeRun(result: CommandResult): AgentResult {
  const stream = parseClaudeStream(result.stdout);
  const failure = claudeFailure(result, stream);
  return {
    provider: 'claude',
    ok: failure === undefined,
    text: stream.result?.text || stream.lastAssistantText || '',
    costUsd: stream.result?.costUsd,
    usage: stream.result?.usage,
    durationMs: result.durationMs,
    exitCode: result.exitCode,
    failure,
  };
}

function claudeFailure(result: CommandResult, stream: ClaudeStreamSummary): AgentFailure | undefined {
  const early = processFailure('claude', CLAUDE_BINARY, result, CLAUDE_INSTALL_FIX);
  if (early) return early;
  const said = [stream.result?.text ?? '', ...(stream.result?.errors ?? []), result.stderr].join('\n');
  const root = detectRootRefusal(said);
  if (root) return root;
  const errors = stream.assistantErrors;
  if (errors.includes('authentication_failed') || (isFailed(result, stream) && UNAUTHENTICATED.test(said))) {
    return { kind: 'unauthenticated', message: `claude is not authenticated: ${lastLines(stream.result?.text || said, 2)}`, fix: CLAUDE_AUTH_FIX };
  }
  if (!isFailed(result, stream)) return undefined;
  if (errors.includes('rate_limit')) return { kind: 'rate_limited', message: `claude hit a rate limit: ${lastLines(said, 2)}`, fix: 'wait for the limit to reset, or add another provider to provider.failover' };
  if (errors.includes('server_error')) return { kind: 'outage', message: `the Claude API failed: ${lastLines(said, 2)}`, fix: 'retry later, or add another provider to provider.failover' };
  // An account problem, like missing credentials: retrying cannot help, so the run must stop.
  if (errors.includes('billing_error')) return { kind: 'unauthenticated', message: `claude refused for billing: ${lastLines(said, 2)}`, fix: 'add credits to the Anthropic account, or use another provider' };
  if (stream.result?.subtype === 'error_max_budget_usd') return { kind: 'failed', message: 'claude stopped at its per-call dollar cap (--max-budget-usd)', fix: 'raise build.budget_usd in .github/loki.yml, or narrow the spec' };
  if (!stream.result && result.exitCode === 0) {
    return { kind: 'failed', message: 'claude ended without a result message (no stream-json `result` line)', fix: 'update Claude Code (npm install -g @anthropic-ai/claude-code) and check its output by hand' };
  }
  return exitFailure('claude', result, said);
}

function isFailed(result: CommandResult, stream: ClaudeStreamSummary): boolean {
  return result.exitCode !== 0 || stream.result?.isError === true || stream.result === undefined;
}
