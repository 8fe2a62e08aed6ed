import { z } from 'zod';
import type { AgentUsage } from './provider.js';

/**
 * Claude Code's `--output-format stream-json --verbose`: one JSON object per line — `system`
 * (init, api_retry…), `assistant` and `user` turns, and a final `result` carrying the answer,
 * `total_cost_usd`, `usage` and `is_error`. Schemas are loose: new fields are ignored, and a line
 * that is not one of these shapes is counted, not fatal.
 */

const UsageSchema = z.looseObject({
  input_tokens: z.number().nonnegative().optional(),
  output_tokens: z.number().nonnegative().optional(),
  cache_creation_input_tokens: z.number().nonnegative().optional(),
  cache_read_input_tokens: z.number().nonnegative().optional(),
});

const ContentBlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
});

const SystemSchema = z.looseObject({
  type: z.literal('system'),
  subtype: z.string().optional(),
  model: z.string().optional(),
  attempt: z.number().optional(),
  error: z.unknown().optional(),
});

const AssistantSchema = z.looseObject({
  type: z.literal('assistant'),
  message: z.looseObject({ content: z.array(ContentBlockSchema).default([]) }).optional(),
  error: z.string().optional(),
});

const ResultSchema = z.looseObject({
  type: z.literal('result'),
  subtype: z.string().optional(),
  is_error: z.boolean().default(false),
  result: z.string().optional(),
  total_cost_usd: z.number().nonnegative().optional(),
  usage: UsageSchema.optional(),
  num_turns: z.number().optional(),
  duration_ms: z.number().optional(),
  terminal_reason: z.string().optional(),
  errors: z.array(z.string()).optional(),
});

const EventSchema = z.discriminatedUnion('type', [SystemSchema, AssistantSchema, ResultSchema]);
/** `user` turns (tool results), `stream_event`s and types added later: valid, and not needed here. */
const OtherEventSchema = z.looseObject({ type: z.string() });

export interface ClaudeResult {
  text: string;
  isError: boolean;
  subtype?: string;
  costUsd?: number;
  usage?: AgentUsage;
  terminalReason?: string;
  errors: string[];
  numTurns?: number;
}

export interface ClaudeStreamSummary {
  /** The final `result` message; undefined when the stream ended without one. */
  result?: ClaudeResult;
  /** `error` values of assistant messages, e.g. "authentication_failed", "rate_limit". */
  assistantErrors: string[];
  /** The last text an assistant message carried (used when there is no result). */
  lastAssistantText?: string;
  model?: string;
  /** JSON events, and lines that were not (banners, warnings, lines cut by the log tail). */
  events: number;
  unrecognisedLines: number;
}

/** Parses a whole stream-json transcript. */
export function parseClaudeStream(stdout: string): ClaudeStreamSummary {
  const summary: ClaudeStreamSummary = { assistantErrors: [], events: 0, unrecognisedLines: 0 };
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    const event = parseClaudeLine(line);
    if (!event) {
      summary.unrecognisedLines += 1;
      continue;
    }
    summary.events += 1;
    if (event !== OTHER) applyEvent(summary, event);
  }
  return summary;
}

type ClaudeEvent = z.infer<typeof EventSchema>;
const OTHER = Symbol('other event');

/** One line as an event this parser reads, OTHER for any other event, undefined for a non-event. */
export function parseClaudeLine(line: string): ClaudeEvent | typeof OTHER | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = EventSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  return OtherEventSchema.safeParse(raw).success ? OTHER : undefined;
}

function applyEvent(summary: ClaudeStreamSummary, event: ClaudeEvent): void {
  if (event.type === 'system') {
    if (event.subtype === 'init' && event.model) summary.model = event.model;
    return;
  }
  if (event.type === 'assistant') {
    if (event.error) summary.assistantErrors.push(event.error);
    const text = (event.message?.content ?? []).flatMap((b) => (b.type === 'text' && b.text ? [b.text] : [])).join('\n');
    if (text) summary.lastAssistantText = text;
    return;
  }
  summary.result = {
    text: event.result ?? '',
    isError: event.is_error,
    subtype: event.subtype,
    costUsd: event.total_cost_usd,
    usage: event.usage ? toUsage(event.usage) : undefined,
    terminalReason: event.terminal_reason,
    errors: event.errors ?? [],
    numTurns: event.num_turns,
  };
}

function toUsage(usage: z.infer<typeof UsageSchema>): AgentUsage {
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheWriteTokens: usage.cache_creation_input_tokens,
    cacheReadTokens: usage.cache_read_input_tokens,
  };
}

/** A short line for the live view: tool calls, the start of messages, retries and the result. */
export function describeClaudeLine(line: string): string | undefined {
  const event = parseClaudeLine(line);
  if (!event || event === OTHER) return undefined;
  if (event.type === 'system') {
    if (event.subtype === 'init') return `claude started${event.model ? ` (${event.model})` : ''}`;
    if (event.subtype === 'api_retry') return `claude: API retry${event.attempt ? ` #${event.attempt}` : ''}`;
    return undefined;
  }
  if (event.type === 'assistant') {
    if (event.error) return `claude: error ${event.error}`;
    const blocks = event.message?.content ?? [];
    const tool = blocks.find((b) => b.type === 'tool_use');
    if (tool?.name) return `claude: ${tool.name}${describeToolInput(tool.input)}`;
    const text = blocks.find((b) => b.type === 'text')?.text?.trim();
    return text ? `claude: ${text.split('\n')[0]?.slice(0, 160)}` : undefined;
  }
  const cost = event.total_cost_usd === undefined ? '' : `, $${event.total_cost_usd.toFixed(4)}`;
  return `claude finished (${event.is_error ? 'error' : 'ok'}${cost})`;
}

function describeToolInput(input: unknown): string {
  if (typeof input !== 'object' || input === null) return '';
  const record = input as Record<string, unknown>;
  const target = record.file_path ?? record.path ?? record.command ?? record.pattern;
  return typeof target === 'string' ? ` ${target.split('\n')[0]?.slice(0, 120)}` : '';
}
