import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { FollowUpThread } from '../job/schema.js';
import { sanitiseUntrustedText } from '../safety/sanitise-text.js';
import { REPLIES_FILE } from './follow-up-prompt.js';

export interface Reply {
  changed: boolean;
  /** One line, the agent's words (untrusted: cleaned and cut). */
  note: string;
}

const ReplySchema = z.union([
  z.object({ changed: z.boolean().default(true), note: z.string().default('') }),
  z.string().transform((note) => ({ changed: true, note })),
]);
const NOTE_LIMIT = 300;

/**
 * The agent's answer to each review comment, from `.loki/replies.json`: only ids of the threads
 * it was given count, each note is one cleaned line, and a missing or broken file is no answers.
 */
export async function readReplies(workspace: string, threads: readonly FollowUpThread[]): Promise<Map<number, Reply>> {
  const replies = new Map<number, Reply>();
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(workspace, REPLIES_FILE), 'utf8'));
  } catch {
    return replies;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return replies;
  for (const t of threads) {
    const parsed = ReplySchema.safeParse((raw as Record<string, unknown>)[String(t.comment_id)]);
    if (parsed.success) replies.set(t.comment_id, { changed: parsed.data.changed, note: noteLine(parsed.data.note) });
  }
  return replies;
}

/** One line: no markup that hides text, no mentions that ping people, at most 300 characters. */
export function noteLine(text: string): string {
  const line = sanitiseUntrustedText(text).text.replace(/\s+/g, ' ').replace(/@(?=[\w-])/g, '@\u200b').trim();
  return line.length > NOTE_LIMIT ? `${line.slice(0, NOTE_LIMIT - 1)}…` : line;
}
