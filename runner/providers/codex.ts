import type { LokiConfig } from '../../gates/config/schema.js';
import { classifyRun, lastLines } from './classify-failure.js';
import { describeCodexLine, parseCodexEvents } from './parse-codex-events.js';
import type { AgentFailure, AgentRequest, AgentResult, Provider } from './provider.js';
import { runAgentProcess, type AgentProcessResult } from './run-agent-process.js';

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

/** Variables codex reads an API key from; with neither, it needs a `codex login` session. */
const KEY_VARS = ['CODEX_API_KEY', 'OPENAI_API_KEY'] as const;
const LOGIN_CHECK_TIMEOUT_MS = 15_000;

export function createCodexProvider(config: LokiConfig, env: NodeJS.ProcessEnv = process.env): Provider {
  return {
    name: 'codex',
    async run(request) {
      const notSignedIn = await checkLogin(request, env);
      if (notSignedIn) return notSignedIn;
      const result = await runAgentProcess(
        { file: CODEX_BINARY, args: codexArgs(request, config), input: request.prompt, describeLine: describeCodexLine, watchLine: networkWatch() },
        request,
        env,
      );
      return interpretCodexRun(result);
    },
  };
}

/** Codex waits for the network forever; this many "waiting for network" retries is an outage. */
export const NETWORK_WAITS_BEFORE_OUTAGE = 3;

function networkWatch(): (line: string) => string | undefined {
  let waits = 0;
  return (line) => {
    if (!/waiting for network/i.test(line)) return undefined;
    waits += 1;
    return waits >= NETWORK_WAITS_BEFORE_OUTAGE ? `codex cannot reach its API: ${waits} retries "waiting for network"` : undefined;
  };
}

export function interpretCodexRun(result: AgentProcessResult): AgentResult {
  const events = parseCodexEvents(result.stdout);
  const failure: AgentFailure | undefined = result.stopReason
    ? { kind: 'outage', message: `${result.stopReason}; it was stopped`, fix: 'check the network and the API endpoint from the runner, or add another provider to provider.failover' }
    : classifyRun('codex', result, {
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

/**
 * Without credentials codex does not fail: it keeps reconnecting ("waiting for network") until the
 * time limit. `codex login status` answers locally and at once, so it is asked first.
 */
async function checkLogin(request: AgentRequest, env: NodeJS.ProcessEnv): Promise<AgentResult | undefined> {
  if (KEY_VARS.some((name) => Boolean(request.env?.[name] ?? env[name]))) return undefined;
  const status = await runAgentProcess({ file: CODEX_BINARY, args: ['login', 'status'] }, { ...request, timeoutMs: LOGIN_CHECK_TIMEOUT_MS, onActivity: undefined }, env);
  if (status.spawnError || status.exitCode === 0 || status.timedOut || status.cancelled) {
    // Missing binary, a session, or no answer: the real run reports it (or works).
    return undefined;
  }
  const said = lastLines(status.log.replace(/^WARNING:.*$/gm, ''), 2) || `exit code ${status.exitCode}`;
  return {
    provider: 'codex',
    ok: false,
    text: '',
    durationMs: status.durationMs,
    exitCode: status.exitCode,
    failure: { kind: 'unauthenticated', message: `codex is not signed in (\`codex login status\`: ${said})`, fix: CODEX_AUTH_FIX },
  };
}
