import { z } from 'zod';
import type { AgentUsage } from './provider.js';

/**
 * Cline CLI `--json`: one JSON object per line — `agent_event`s (iteration_start, usage,
 * content_start/content_end of tool calls, error with an `errorClass` such as "auth", done),
 * `hook_event`s, then a `run_result` with `finishReason` (completed | error | aborted), the final
 * `text` and `usage` including `totalCost` (0 when Cline does not know the model's price).
 */

const UsageSchema = z.looseObject({
  inputTokens: z.number().nonnegative().optional(),
  outputTokens: z.number().nonnegative().optional(),
  cacheReadTokens: z.number().nonnegative().optional(),
  cacheWriteTokens: z.number().nonnegative().optional(),
  totalCost: z.number().nonnegative().optional(),
});

const LineSchema = z.looseObject({
  type: z.string(),
  finishReason: z.string().optional(),
  text: z.string().optional(),
  message: z.string().optional(),
  usage: UsageSchema.optional(),
  event: z
    .looseObject({
      type: z.string(),
      error: z.looseObject({ message: z.string().optional() }).optional(),
      errorClass: z.string().optional(),
      toolName: z.string().optional(),
      contentType: z.string().optional(),
    })
    .optional(),
});

type ClineLine = z.infer<typeof LineSchema>;

export interface ClineSummary {
  result?: { finishReason: string; text: string; usage?: AgentUsage; costUsd?: number };
  errors: string[];
  /** Cline's own classification of errors ("auth", "unknown"…). */
  errorClasses: string[];
}

export function parseClineJson(stdout: string): ClineSummary {
  const summary: ClineSummary = { errors: [], errorClasses: [] };
  for (const raw of stdout.split('\n')) {
    const line = parseClineLine(raw);
    if (!line) continue;
    if (line.type === 'run_result') summary.result = toResult(line);
    if (line.type === 'agent_event' && line.event?.type === 'error') {
      summary.errors.push(line.event.error?.message ?? 'error');
      if (line.event.errorClass) summary.errorClasses.push(line.event.errorClass);
    }
  }
  return summary;
}

export function parseClineLine(raw: string): ClineLine | undefined {
  if (!raw.trim().startsWith('{')) return undefined;
  try {
    const parsed = LineSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function toResult(line: ClineLine): NonNullable<ClineSummary['result']> {
  const usage = line.usage;
  const tokens = (usage?.inputTokens ?? 0) + (usage?.outputTokens ?? 0);
  // totalCost 0 with tokens spent means "price unknown", not "free": leave it to the estimate.
  const costUsd = usage?.totalCost !== undefined && (usage.totalCost > 0 || tokens === 0) ? usage.totalCost : undefined;
  return {
    finishReason: line.finishReason ?? 'unknown',
    text: line.text ?? '',
    costUsd,
    usage: usage
      ? { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cacheReadTokens: usage.cacheReadTokens, cacheWriteTokens: usage.cacheWriteTokens }
      : undefined,
  };
}

/** A short line for the live view: tool calls, errors and the end of the run. */
export function describeClineLine(raw: string): string | undefined {
  const line = parseClineLine(raw);
  if (!line) return undefined;
  const event = line.event;
  if (event?.type === 'content_start' && event.contentType === 'tool' && event.toolName) return `cline: ${event.toolName}`;
  if (event?.type === 'error') return `cline: error ${event.error?.message?.split('\n')[0]?.slice(0, 160) ?? ''}`.trim();
  if (line.type === 'run_result') return `cline finished (${line.finishReason ?? 'unknown'})`;
  return undefined;
}
