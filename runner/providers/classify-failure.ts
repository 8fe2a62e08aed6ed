import type { CommandResult } from '../../gates/core/run-command.js';
import type { ProviderName } from '../../gates/config/schema.js';
import type { AgentFailure } from './provider.js';

/**
 * Turns what an agent CLI printed into a failure kind. The order matters: "not installed" and
 * "not authenticated" are checked before rate limits, because a 401 page can also mention limits,
 * and failover must only happen for failures another provider could get past.
 */

const RATE_LIMITED = /\b429\b|rate[ _-]?limit|too many requests|overloaded|\b529\b|quota exceeded|usage limit/i;
const OUTAGE =
  /API Error: 5\d\d|\bstatus(?: code)?:? 5\d\d\b|\b5\d\d (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)|internal server error|service unavailable|bad gateway|gateway timeout|server_error|ECONNRESET|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|socket hang up|network error|stream disconnected|waiting for network|high demand|temporary errors|cannot connect to api|FailedToOpenSocket/i;
const ROOT_REFUSAL = /cannot be used with root\/sudo privileges/i;

export const ROOT_FIX =
  'run the agent as a non-root user (the Loki runner image has one), or, only inside a disposable sandbox or container, set IS_SANDBOX=1';

/** Rate limit or outage from free text; undefined when the text says neither. */
export function classifyTransient(text: string): 'rate_limited' | 'outage' | undefined {
  if (RATE_LIMITED.test(text)) return 'rate_limited';
  if (OUTAGE.test(text)) return 'outage';
  return undefined;
}

/**
 * Claude refuses --dangerously-skip-permissions as root unless IS_SANDBOX=1 (FIELD-NOTES). Reported
 * as `unauthenticated`: like missing credentials, the agent is not permitted to run here, every
 * retry fails the same way, and the loop must stop at once instead of iterating on it.
 */
export function detectRootRefusal(text: string): AgentFailure | undefined {
  if (!ROOT_REFUSAL.test(text)) return undefined;
  return { kind: 'unauthenticated', message: `${lastLines(text, 2)} (the agent runs as root)`, fix: ROOT_FIX };
}

/** Failures of the process itself, whatever the CLI: not installed, timed out, cancelled. */
export function processFailure(provider: ProviderName, binary: string, result: CommandResult, installFix: string): AgentFailure | undefined {
  if (result.spawnError) {
    if (/ENOENT/.test(result.spawnError)) {
      return { kind: 'missing', message: `the ${provider} provider needs \`${binary}\`, which is not installed (not found on PATH)`, fix: installFix };
    }
    return { kind: 'failed', message: `could not start \`${binary}\`: ${result.spawnError}`, fix: `check that \`${binary}\` is an executable the runner's user may run` };
  }
  if (result.timedOut) {
    return {
      kind: 'timeout',
      message: `${provider} ran longer than its time limit (${Math.round(result.durationMs / 1000)} s) and was killed with all its child processes`,
      fix: 'raise provider.timeout_minutes in .github/loki.yml, or split the spec into smaller tasks',
    };
  }
  if (result.cancelled) return { kind: 'cancelled', message: `${provider} was cancelled and its processes were killed` };
  return undefined;
}

/** A generic failure for a non-zero exit: rate limit or outage when the output says so, else `failed`. */
export function exitFailure(provider: ProviderName, result: CommandResult, detail = result.log): AgentFailure {
  const transient = classifyTransient(detail);
  const tail = lastLines(detail, 5);
  const code = result.signal ? `was killed by ${result.signal}` : result.exitCode === 0 ? 'reported an error' : `exited with code ${result.exitCode}`;
  const message = `${provider} ${code}${tail ? `: ${tail}` : ' and printed nothing'}`;
  if (transient === 'rate_limited') return { kind: 'rate_limited', message, fix: 'wait for the limit to reset, or add another provider to provider.failover' };
  if (transient === 'outage') return { kind: 'outage', message, fix: 'the provider looks unavailable: retry later, or add another provider to provider.failover' };
  return { kind: 'failed', message, fix: `read the ${provider} output above; run the same command by hand in the workspace to reproduce` };
}

/** The last non-empty lines of a text, for messages that must stay short. */
export function lastLines(text: string, count: number): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.slice(-count).join(' | ').slice(0, 600);
}

export interface RunExpectations {
  binary: string;
  installFix: string;
  /** What this CLI prints when it has no usable credentials. */
  unauthenticated: RegExp;
  /** The CLI classified the error as an authentication problem itself. */
  saysUnauthenticated?: boolean;
  authFix: string;
  /** Text the CLI printed that counts as failure output (stderr, error events…). */
  said: string;
  /** The CLI reported an error although it may have exited 0 (some print API errors and exit 0). */
  reportedError?: boolean;
}

/** The shared decision for CLIs without a structured result: missing, timeout, auth, then exit status. */
export function classifyRun(provider: ProviderName, result: CommandResult, expect: RunExpectations): AgentFailure | undefined {
  const early = processFailure(provider, expect.binary, result, expect.installFix);
  if (early) return early;
  const failed = result.exitCode !== 0 || expect.reportedError === true;
  if (!failed) return undefined;
  if (expect.saysUnauthenticated === true || expect.unauthenticated.test(expect.said)) {
    return { kind: 'unauthenticated', message: `${provider} is not authenticated: ${lastLines(expect.said, 2)}`, fix: expect.authFix };
  }
  return exitFailure(provider, result, expect.said);
}
