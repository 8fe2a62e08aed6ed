import type { ProviderName } from '../../gates/config/schema.js';

/**
 * Why Loki calls the agent. Every call states it, in LOKI_ROLE and on the prompt's first line, so
 * one `command` agent can tell a build from a review (README: the agent protocol). `doctor` is
 * `loki doctor` checking that the agent starts: it expects a quick answer and no work.
 */
export const AGENT_ROLES = ['build', 'review', 'grill', 'plan', 'doctor'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];
export const ROLE_VAR = 'LOKI_ROLE';

/** One call to a coding agent. The prompt is passed as data (stdin / a file), never through a shell string. */
export interface AgentRequest {
  role: AgentRole;
  prompt: string;
  /** The workspace the agent works in. */
  cwd: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Extra environment for the agent. The adapter starts from a scrubbed environment: no tokens. */
  env?: Record<string, string>;
  model?: string;
  /** Per-call dollar cap, for CLIs that support one. */
  maxBudgetUsd?: number;
  /** Short human lines while the agent works (tool calls, messages), for the live view. */
  onActivity?: (line: string) => void;
}

export type AgentFailureKind = 'missing' | 'unauthenticated' | 'rate_limited' | 'outage' | 'timeout' | 'cancelled' | 'failed';

export interface AgentFailure {
  kind: AgentFailureKind;
  message: string;
  /** What the user should do, e.g. "run `claude login` or set ANTHROPIC_API_KEY". */
  fix?: string;
}

export interface AgentUsage {
  inputTokens?: number;
  outputTokens?: number;
  /** Prompt-cache tokens, for providers that report them (Claude, Codex). */
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

/** One provider tried by runWithFailover before the one that answered. */
export interface AgentAttempt {
  provider: ProviderName;
  failure?: AgentFailure;
  durationMs: number;
}

export interface AgentResult {
  provider: ProviderName;
  ok: boolean;
  /** The agent's final answer text. */
  text: string;
  /** Reported by the provider; undefined when it reports none (the loop then estimates). */
  costUsd?: number;
  usage?: AgentUsage;
  durationMs: number;
  exitCode: number | null;
  failure?: AgentFailure;
  /** Providers tried earlier in a failover list, in order (absent when the first one answered). */
  attempts?: AgentAttempt[];
}

export interface Provider {
  name: ProviderName;
  run(request: AgentRequest): Promise<AgentResult>;
}

/** Failures worth trying the next provider in the failover list for. */
export function isFailoverWorthy(failure: AgentFailure | undefined): boolean {
  return failure?.kind === 'rate_limited' || failure?.kind === 'outage';
}
