import { loadTemplate, renderTemplate } from '../../gates/core/templates.js';
import type { FollowUp } from '../job/schema.js';
import { sanitiseUntrustedText } from '../safety/sanitise-text.js';

/** Where the agent answers each review comment (in the workspace's uncommitted .loki folder). */
export const REPLIES_FILE = '.loki/replies.json';

const BODY_LIMIT = 4_000;
const HUNK_LIMIT = 3_000;
const OUTPUT_LIMIT = 6_000;
const LOG_LIMIT = 12_000;
const TOTAL_LIMIT = 60_000;

/**
 * The follow-up part of the build prompt: every unresolved review comment (author, path, line,
 * diff hunk, body) and every failing external check (output, annotations, the failing part of its
 * log), each quoted in a fence no line of it can close. Nothing here reaches a shell: it goes into
 * the prompt only.
 */
export function followUpPrompt(followUp: FollowUp, branch: string): string {
  const items: string[] = [];
  for (const t of followUp.threads) {
    items.push([
      `### Review comment ${t.comment_id} by @${oneLine(t.author)} on \`${oneLine(t.path)}\`${t.line === null ? '' : ` line ${t.line}`}`,
      'The diff hunk it is on:',
      fence(clip(t.diff_hunk, HUNK_LIMIT), 'diff'),
      'The comment:',
      fence(clip(t.body, BODY_LIMIT)),
    ].join('\n'));
  }
  for (const r of followUp.reviews) items.push([`### Review by @${oneLine(r.author)}`, fence(clip(r.body, BODY_LIMIT))].join('\n'));
  for (const f of followUp.failures) {
    items.push([
      `### The check "${oneLine(f.name)}" failed on the pull request head`,
      'What the check reported:',
      fence(clip(f.output, OUTPUT_LIMIT)),
      ...(f.log ? ['The failing part of its log:', fence(clip(f.log, LOG_LIMIT, 'start'))] : []),
    ].join('\n'));
  }
  if (followUp.failures.length) items.push('Fix the cause of these failures in the code or its tests; the failing checks are the repository\'s own CI, which Loki does not run for you.');
  const answer = followUp.threads.length
    ? `Before you stop, write \`${REPLIES_FILE}\`: a JSON object with one entry per review comment id above, \`{"<id>": {"changed": true, "note": "one line on what you changed"}}\`, or \`{"changed": false, "note": "one line on why you did not change it"}\`. Loki replies in each thread with the commit and your note.`
    : 'There are no review comments to answer in this run.';
  const text = renderTemplate(loadTemplate('prompts/follow-up.md'), { pr_number: followUp.pr_number, branch, items: items.join('\n\n'), answer });
  return clip(text, TOTAL_LIMIT);
}

/** A fence longer than any run of backticks in the text, so the quoted text cannot end it early. */
function fence(text: string, info = ''): string {
  const clean = sanitiseUntrustedText(text).text.trimEnd();
  const longest = Math.max(2, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const mark = '`'.repeat(longest + 1);
  return `${mark}${info}\n${clean}\n${mark}`;
}

function oneLine(text: string): string {
  return sanitiseUntrustedText(text).text.replace(/[\s`]+/g, ' ').trim().slice(0, 200);
}

/** Keeps the start (or, for logs whose end matters, the end) of a long text. */
function clip(text: string, max: number, cut: 'start' | 'end' = 'end'): string {
  if (text.length <= max) return text;
  return cut === 'end' ? `${text.slice(0, max)}\n…(cut)` : `…(cut)\n${text.slice(text.length - max)}`;
}
