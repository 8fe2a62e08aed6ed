import type { AgentUsage } from './provider.js';

/**
 * Aider prints a report line after each model reply, e.g.
 * `Tokens: 4.2k sent, 1.1k cache write, 312 received. Cost: $0.02 message, $0.05 session.`
 * The session figure is cumulative, so the last one is the run's cost; token counts are summed.
 * Aider reports API failures as `litellm.<Kind>Error: …` lines, sometimes with exit code 0.
 */

export interface AiderSummary {
  text: string;
  costUsd?: number;
  usage?: AgentUsage;
  /** `litellm.*Error` / API error lines, in order. */
  errors: string[];
  replies: number;
}

const TOKENS_LINE = /^Tokens:\s*(.+?)\.(?:\s*Cost:\s*\$([\d.]+) message,\s*\$([\d.]+) session\.)?\s*$/;
const ERROR_LINE = /litellm\.\w*Error|\b\w+(?:Authentication|RateLimit|ServiceUnavailable|InternalServer|APIConnection)Error\b|Missing these environment variables|No LLM model was specified|API key/;

export function parseAiderOutput(stdout: string): AiderSummary {
  const summary: AiderSummary = { text: '', errors: [], replies: 0 };
  const kept: string[] = [];
  let usage: AgentUsage | undefined;
  for (const raw of stdout.split('\n')) {
    const line = raw.trim();
    const tokens = TOKENS_LINE.exec(line);
    if (tokens) {
      summary.replies += 1;
      usage = addTokens(usage, tokens[1] ?? '');
      if (tokens[3] !== undefined) summary.costUsd = Number(tokens[3]);
      continue;
    }
    if (ERROR_LINE.test(line)) summary.errors.push(line);
    kept.push(raw);
  }
  summary.text = kept.join('\n').trim();
  if (usage) summary.usage = usage;
  return summary;
}

function addTokens(total: AgentUsage | undefined, parts: string): AgentUsage {
  const next: AgentUsage = { ...total };
  for (const part of parts.split(',')) {
    const match = /^\s*([\d.]+)([kKmM]?)\s+(sent|received|cache write|cache hit)\s*$/.exec(part);
    if (!match) continue;
    const n = scale(Number(match[1]), match[2] ?? '');
    if (match[3] === 'sent') next.inputTokens = (next.inputTokens ?? 0) + n;
    else if (match[3] === 'received') next.outputTokens = (next.outputTokens ?? 0) + n;
    else if (match[3] === 'cache write') next.cacheWriteTokens = (next.cacheWriteTokens ?? 0) + n;
    else next.cacheReadTokens = (next.cacheReadTokens ?? 0) + n;
  }
  return next;
}

function scale(value: number, suffix: string): number {
  const factor = suffix.toLowerCase() === 'k' ? 1_000 : suffix.toLowerCase() === 'm' ? 1_000_000 : 1;
  return Math.round(value * factor);
}
