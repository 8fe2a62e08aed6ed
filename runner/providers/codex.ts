import type { LokiConfig } from '../../gates/config/schema.js';
import type { CommandResult } from '../../gates/core/run-command.js';
import { classifyRun } from './classify-failure.js';
import { describeCodexLine, parseCodexEvents } from './parse-codex-events.js';
import type { AgentRequest, AgentResult, Provider } from './provider.js';
import { runAgentProcess } from './run-agent-process.js';

export const CODEX_BINARY = 'codex';
export const CODEX_INSTALL_FIX = 'install the Codex CLI: npm install -g @openai/codex';
export const CODEX_AUTH_FIX = 'run `codex login` as the user that runs Loki, or set CODEX_API_KEY (or OPENAI_API_KEY) for it';

const UNAUTHENTICATED = /\b401\b|unauthori[sz]ed|not logged in|missing bearer|invalid_api_key|incorrect api key|codex login|no api key/i;

/** `codex exec` non-interactive; `-` makes it read the prompt from stdin instead of argv. */
export function codexArgs(request: AgentRequest, config: LokiConfig): string[] {
  const args = ['exec', '--json', '--sandbox', 'workspace-write', '--skip-git-repo-check'];
  const model = request.model ?? config.provider.model;
  if (model) args.push('--model', model);
  args.push('-');
  return args;
}

export function createCodexProvider(config: LokiConfig, env: NodeJS.ProcessEnv = process.env): Provider {
  return {
    name: 'codex',
    async run(request) {
      const result = await runAgentProcess(
        { file: CODEX_BINARY, args: codexArgs(request, config), input: request.prompt, describeLine: describeCodexLine },
        request,
        env,
      );
      return interpretCodexRun(result);
    },
  };
}

export function interpretCodexRun(result: CommandResult): AgentResult {
  const events = parseCodexEvents(result.stdout);
  const failure = classifyRun('codex', result, {
    binary: CODEX_BINARY,
    installFix: CODEX_INSTALL_FIX,
    unauthenticated: UNAUTHENTICATED,
    authFix: CODEX_AUTH_FIX,
    said: [...events.errors, result.stderr].join('\n'),
    // A failed turn is a failure even when codex exits 0; so is a run with no completed turn.
    reportedError: events.turnFailed || !events.turnCompleted,
  });
  return {
    provider: 'codex',
    ok: failure === undefined,
    text: events.text,
    usage: events.usage,
    durationMs: result.durationMs,
    exitCode: result.exitCode,
    failure,
  };
}
