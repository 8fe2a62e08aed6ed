import { z } from 'zod';
import type { AgentUsage } from './provider.js';

/**
 * `codex exec --json`: one JSON event per line — `thread.started`, `turn.started`,
 * `item.started|updated|completed` (items: agent_message, reasoning, command_execution,
 * file_change…), `turn.completed` with `usage`, `turn.failed` and `error`. Codex reports tokens,
 * not dollars: the loop estimates the cost from the usage.
 */

const UsageSchema = z.looseObject({
  input_tokens: z.number().nonnegative().default(0),
  cached_input_tokens: z.number().nonnegative().default(0),
  cache_write_input_tokens: z.number().nonnegative().default(0),
  output_tokens: z.number().nonnegative().default(0),
});

const ItemSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  command: z.string().optional(),
  message: z.string().optional(),
});

const EventSchema = z.looseObject({
  type: z.string(),
  item: ItemSchema.optional(),
  usage: UsageSchema.optional(),
  error: z.looseObject({ message: z.string() }).optional(),
  message: z.string().optional(),
});

type CodexEvent = z.infer<typeof EventSchema>;

export interface CodexSummary {
  /** The last agent_message text: Codex's final answer. */
  text: string;
  usage?: AgentUsage;
  /** Messages of `error` and `turn.failed` events and error items. */
  errors: string[];
  turnFailed: boolean;
  turnCompleted: boolean;
  events: number;
}

export function parseCodexEvents(stdout: string): CodexSummary {
  const summary: CodexSummary = { text: '', errors: [], turnFailed: false, turnCompleted: false, events: 0 };
  let usage: AgentUsage | undefined;
  for (const line of stdout.split('\n')) {
    const event = parseCodexLine(line);
    if (!event) continue;
    summary.events += 1;
    if (event.type === 'item.completed' && event.item?.type === 'agent_message' && event.item.text) summary.text = event.item.text;
    if (event.type === 'item.completed' && event.item?.type === 'error') summary.errors.push(event.item.message ?? event.item.text ?? 'error');
    if (event.type === 'error') summary.errors.push(event.message ?? event.error?.message ?? 'error');
    if (event.type === 'turn.failed') {
      summary.turnFailed = true;
      summary.errors.push(event.error?.message ?? 'turn failed');
    }
    if (event.type === 'turn.completed') summary.turnCompleted = true;
    if ((event.type === 'turn.completed' || event.type === 'turn.failed') && event.usage) usage = addUsage(usage, event.usage);
  }
  if (usage) summary.usage = usage;
  return summary;
}

export function parseCodexLine(line: string): CodexEvent | undefined {
  if (!line.trim().startsWith('{')) return undefined;
  try {
    const parsed = EventSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function addUsage(total: AgentUsage | undefined, usage: z.infer<typeof UsageSchema>): AgentUsage {
  // Codex counts cached reads inside input_tokens; keep them apart so estimates are not doubled.
  // Whether cache writes are inside too is not documented: they stay counted twice, which errs on
  // the side of a higher estimate for the budget cap.
  const cached = usage.cached_input_tokens;
  const written = usage.cache_write_input_tokens;
  return {
    inputTokens: (total?.inputTokens ?? 0) + Math.max(0, usage.input_tokens - cached),
    cacheReadTokens: (total?.cacheReadTokens ?? 0) + cached,
    cacheWriteTokens: (total?.cacheWriteTokens ?? 0) + written,
    outputTokens: (total?.outputTokens ?? 0) + usage.output_tokens,
  };
}

/** A short line for the live view. */
export function describeCodexLine(line: string): string | undefined {
  const event = parseCodexLine(line);
  if (!event) return undefined;
  if (event.type === 'item.started' && event.item?.type === 'command_execution') return `codex: $ ${event.item.command?.slice(0, 160) ?? ''}`;
  if (event.type === 'item.completed' && event.item?.type === 'agent_message') return `codex: ${event.item.text?.split('\n')[0]?.slice(0, 160) ?? ''}`;
  if (event.type === 'item.completed' && event.item?.type === 'file_change') return 'codex: changed files';
  if (event.type === 'turn.failed' || event.type === 'error') return `codex: error ${event.error?.message ?? event.message ?? ''}`.trim();
  if (event.type === 'turn.completed') return 'codex finished the turn';
  return undefined;
}
