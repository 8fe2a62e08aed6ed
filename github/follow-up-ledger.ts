import { z } from 'zod';
import type { GitHubClient } from './client.js';
import type { RepoRef } from './repo-ref.js';
import { readStatusComment, upsertStatusComment } from './status-comment.js';
import type { EditThrottle } from './throttle-edits.js';

/**
 * The ledger of a Loki pull request: every review thread and CI failure a follow-up answered, with
 * the commit that addressed it or why it was left; the spend across the pull request's life; the
 * CI repair attempts and the failures they were for. It lives in the pull request's sticky comment
 * (a bot's comment, so nobody else can forge it), as a table for people and a hidden copy for Loki.
 */
const LEDGER_DATA = /<!-- loki:ledger ([A-Za-z0-9+/=]+) -->/;

export const LedgerEntrySchema = z.object({
  kind: z.enum(['review', 'ci']),
  /** `review:<comment id>` or `ci:<signature>:<check name>`. */
  key: z.string(),
  /** Loki's own words: what it is (never a reviewer's or a log's text). */
  label: z.string(),
  /** A link to the thread, review or check run it answers. */
  trigger: z.string(),
  state: z.enum(['open', 'addressed', 'left', 'stopped']),
  commit: z.string().optional(),
  note: z.string().optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

export const LedgerSchema = z.object({
  v: z.literal(1),
  /** What the first build cost (read once from the pull request body). */
  first_build_usd: z.number().nonnegative().default(0),
  /** What the follow-ups cost, together. */
  spent_usd: z.number().nonnegative().default(0),
  follow_ups: z.number().int().nonnegative().default(0),
  ci_attempts: z.number().int().nonnegative().default(0),
  /** The failure signatures CI repairs were started for. */
  ci_signatures: z.array(z.string()).default([]),
  /** Set once CI repair has stopped (and said so): later failures are met with silence. */
  ci_stopped: z.string().optional(),
  /** The headline: what the last follow-up did, in Loki's words. */
  status: z.string().default(''),
  entries: z.array(LedgerEntrySchema).default([]),
});
export type Ledger = z.infer<typeof LedgerSchema>;

export function newLedger(firstBuildUsd = 0): Ledger {
  return LedgerSchema.parse({ v: 1, first_build_usd: firstBuildUsd });
}

/** The ledger kept in a comment's hidden copy; undefined when there is none or it does not parse. */
export function parseLedger(body: string): Ledger | undefined {
  const data = LEDGER_DATA.exec(body)?.[1];
  if (!data) return undefined;
  try {
    const parsed = LedgerSchema.safeParse(JSON.parse(Buffer.from(data, 'base64').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Adds an entry, or replaces the one with the same key. */
export function recordEntry(ledger: Ledger, entry: LedgerEntry): void {
  const at = ledger.entries.findIndex((e) => e.key === entry.key);
  if (at === -1) ledger.entries.push(entry);
  else ledger.entries[at] = entry;
}

export function ledgerSpend(ledger: Ledger): number {
  return ledger.first_build_usd + ledger.spent_usd;
}

export interface LedgerLimits {
  budgetUsd: number;
  ciFixAttempts: number;
}

const ICONS: Record<LedgerEntry['state'], string> = { open: '⏳', addressed: '✅', left: '💬', stopped: '⛔' };

export function renderLedger(ledger: Ledger, limits: LedgerLimits): string {
  const lines = ['### Loki follow-ups on this pull request', '', ledger.status.trim() || 'No follow-up has run yet.', ''];
  if (ledger.entries.length) {
    lines.push('| | Feedback | Commit | Note |', '|---|---|---|---|');
    for (const e of ledger.entries) lines.push(`| ${ICONS[e.state]} | [${cell(e.label)}](${e.trigger}) | ${e.commit ? `\`${e.commit.slice(0, 12)}\`` : '—'} | ${cell(e.note ?? e.state)} |`);
    lines.push('');
  }
  lines.push(`Spend across this pull request: **$${ledgerSpend(ledger).toFixed(2)}** of $${limits.budgetUsd.toFixed(2)} (first build $${ledger.first_build_usd.toFixed(2)}, ${ledger.follow_ups} follow-up${ledger.follow_ups === 1 ? '' : 's'}) · CI fix attempts: ${ledger.ci_attempts} of ${limits.ciFixAttempts}${ledger.ci_stopped ? ' (stopped)' : ''}`);
  lines.push('', '<sub>Review comments from people with write access, `/loki build` here, and failing external CI start a follow-up on the same branch · `/loki stop` stops it</sub>');
  lines.push('', `<!-- loki:ledger ${Buffer.from(JSON.stringify(ledger)).toString('base64')} -->`);
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|').replace(/[[\]]/g, '').slice(0, 300);
}

export interface LedgerRef {
  commentId?: number;
  ledger: Ledger;
}

/** The pull request's ledger, or a new one when the pull request has none yet. */
export async function readLedger(gh: GitHubClient, ref: RepoRef, pullNumber: number, firstBuildUsd: () => number): Promise<LedgerRef> {
  const comment = await readStatusComment(gh, ref, pullNumber);
  const ledger = comment ? parseLedger(comment.body) : undefined;
  return { ...(comment ? { commentId: comment.id } : {}), ledger: ledger ?? newLedger(firstBuildUsd()) };
}

export async function writeLedger(gh: GitHubClient, ref: RepoRef, pullNumber: number, at: LedgerRef, limits: LedgerLimits, throttle?: EditThrottle): Promise<number> {
  const id = await upsertStatusComment(gh, { ...ref, issue_number: pullNumber, body: renderLedger(at.ledger, limits), ...(at.commentId ? { commentId: at.commentId } : {}), ...(throttle ? { throttle } : {}) });
  at.commentId = id;
  return id;
}

/** The first build's cost, from the body Loki wrote for the pull request ("Built by Loki in N iterations ($X)"). */
export function firstBuildCost(pullBody: string | null | undefined): number {
  const match = /Built by Loki in \d+ iterations? \(\$(\d+(?:\.\d+)?)\)/.exec(pullBody ?? '');
  return match ? Number(match[1]) : 0;
}
