import { z } from 'zod';
import { git } from '../git/git.js';
import { fingerprint } from '../evidence/fingerprint.js';
import type { Finding } from '../evidence/schema.js';

/**
 * Someone accepts one integrity finding: by a `Loki-Accept: <rule> <file> [why]` trailer in a
 * commit of the change, or by a `/loki accept <rule> [<file>] [why]` comment on the pull request
 * from a person with write access (read by the adapters, which can ask GitHub who that is).
 */
export const AcceptanceSchema = z.strictObject({
  rule: z.string().min(1).max(80),
  /** Absent on a comment that accepts every finding of the rule. */
  file: z.string().min(1).max(500).optional(),
  why: z.string().max(300).optional(),
  /** A trailer: the commit's author, `Name <email>`; a comment: `@login (role)`. */
  by: z.string().min(1).max(300),
  commit: z.string().regex(/^[0-9a-f]{40}$/).optional(),
  comment_url: z.string().max(500).optional(),
});
export type Acceptance = z.infer<typeof AcceptanceSchema>;

/**
 * What an adapter (the App, the Action) read from GitHub about a pull request. A local run passes
 * none: whoever runs `loki verify` on their own checkout vouches for its trailers.
 */
export const PullAcceptancesSchema = z.strictObject({
  /** `/loki accept` comments by people with write access. */
  comments: z.array(AcceptanceSchema).max(500),
  /**
   * The commits whose trailers count. A fork's commits count only when signed (verified) by a
   * person with write access: anyone can write a maintainer's name into a commit.
   */
  trusted_commits: z.array(z.string().regex(/^[0-9a-f]{40}$/)).max(1000).optional(),
  /** Acceptances that were refused, with the reason: each becomes a low note in the evidence. */
  refused: z.array(z.strictObject({ what: z.string().max(400), reason: z.string().max(400) })).max(500),
});
export type PullAcceptances = z.infer<typeof PullAcceptancesSchema>;

/** What can be accepted: integrity's judgement of tests. A secret, a failing test or a build is never accepted. */
const ACCEPTABLE_GATES: ReadonlySet<string> = new Set(['integrity']);
const RULE = /^[a-z][a-z0-9-]{1,79}$/;
const MAX_COMMITS = 500;
const MAX_VALUE = 1000;
export const ACCEPT_USAGE = '`/loki accept <rule> [<file>] [why]` (e.g. `/loki accept test-deleted test/helper.test.js the helper is gone`)';

/**
 * Reads `<rule> <file> [why]` (the file optional when `fileRequired` is false). A file has a `/` or
 * a `.`; anything after it is the why. Split on whitespace, never a backtracking pattern: the text
 * is a stranger's.
 */
export function parseAcceptance(value: string, fileRequired: boolean): Pick<Acceptance, 'rule' | 'file' | 'why'> | undefined {
  const words = value.slice(0, MAX_VALUE).trim().split(/\s+/);
  const [rule, second] = words;
  if (!rule || !RULE.test(rule)) return undefined;
  const hasFile = second !== undefined && second.length <= 500 && /[./]/.test(second) && !second.startsWith('(');
  if (fileRequired && !hasFile) return undefined;
  const why = words.slice(hasFile ? 2 : 1).join(' ').replace(/^[(\s—–:-]+|[)\s]+$/g, '').slice(0, 300);
  return { rule, ...(hasFile ? { file: second } : {}), ...(why ? { why } : {}) };
}

/**
 * Reads the `Loki-Accept:` trailers of merge-base..head (the newest 500 commits, and says when there
 * were more) with git's own trailer parser. A value that does not name a rule and a file is returned
 * in `unreadable`.
 */
export async function readAcceptances(cwd: string, mergeBaseSha: string, headSha: string): Promise<{ acceptances: Acceptance[]; unreadable: string[]; truncated: boolean }> {
  const log = await git(cwd, ['log', `--max-count=${MAX_COMMITS + 1}`, '--format=%H%x1f%an <%ae>%x1f%(trailers:key=Loki-Accept,valueonly,separator=%x1e)%x1d', `${mergeBaseSha}..${headSha}`]);
  const acceptances: Acceptance[] = [];
  const unreadable: string[] = [];
  const records = log.split('\x1d').filter((r) => r.trim());
  for (const record of records.slice(0, MAX_COMMITS)) {
    const [commit, by, values] = record.replace(/^\n/, '').split('\x1f');
    if (!commit || !by || !values) continue;
    for (const value of values.split('\x1e').map((v) => v.trim()).filter(Boolean)) {
      const parsed = parseAcceptance(value, true);
      if (parsed) acceptances.push({ ...parsed, by, commit });
      else unreadable.push(value.slice(0, 120));
    }
  }
  return { acceptances, unreadable, truncated: records.length > MAX_COMMITS };
}

export interface AcceptanceInputs {
  /** false: no trailer counts (builds: an agent's commit message never accepts its own findings). */
  trailers: boolean;
  pull?: PullAcceptances;
}

/**
 * The acceptances that count for merge-base..head, and a low note for each one that does not (an
 * unreadable trailer, a trailer whose commit no one with write access vouches for, a refused comment).
 */
export async function gatherAcceptances(cwd: string, mergeBaseSha: string, headSha: string, inputs: AcceptanceInputs): Promise<{ acceptances: Acceptance[]; notes: Finding[] }> {
  const comments = inputs.pull?.comments ?? [];
  const notes = (inputs.pull?.refused ?? []).map((r) => note('accept-refused', `${r.what} accepts nothing: ${r.reason}`, `${r.what}\n${r.reason}`));
  if (!inputs.trailers) return { acceptances: comments, notes };
  const read = await readAcceptances(cwd, mergeBaseSha, headSha);
  const trusted = inputs.pull?.trusted_commits ? new Set(inputs.pull.trusted_commits) : undefined;
  const counted = read.acceptances.filter((a) => !trusted || (a.commit !== undefined && trusted.has(a.commit)));
  for (const a of read.acceptances.filter((x) => !counted.includes(x))) {
    notes.push(note('accept-refused', `the trailer "Loki-Accept: ${a.rule} ${a.file ?? ''}" in ${a.commit?.slice(0, 12)} accepts nothing: Loki cannot tie that commit to a person with write access (a fork's commit counts only when signed, verified, by one). Fix: a person with write access comments ${ACCEPT_USAGE} on the pull request`, `${a.commit}\n${a.rule}\n${a.file}`));
  }
  if (read.truncated) notes.push(note('accept-trailers-truncated', `the change has more than ${MAX_COMMITS} commits: only the trailers of the newest ${MAX_COMMITS} were read. Fix: accept older findings with ${ACCEPT_USAGE} on the pull request`, 'truncated'));
  for (const value of read.unreadable) {
    notes.push(note('accept-trailer-unreadable', `the trailer "Loki-Accept: ${value}" accepts nothing: it must name a finding's rule and file. Fix: write \`Loki-Accept: <rule> <file> (why)\`, e.g. \`Loki-Accept: test-deleted test/helper.test.js (the helper is gone)\``, value));
  }
  return { acceptances: [...comments, ...counted], notes };
}

/**
 * Marks each finding an acceptance names (same rule, and same file unless it names none, in an
 * acceptable gate) as accepted: it no longer blocks, stays reported (a human reads who accepted it
 * and why), and so the verdict is at best CONCERNS — an accepted finding never makes a change VERIFIED.
 */
function applyAcceptances(findings: readonly Finding[], acceptances: readonly Acceptance[]): Finding[] {
  return findings.map((f) => {
    if (!ACCEPTABLE_GATES.has(f.gate) || f.pre_existing) return f;
    const a = acceptances.find((x) => x.rule === f.rule && (x.file === undefined || x.file === f.file));
    if (!a) return f;
    return { ...f, blocking: false, accepted: { by: a.by, ...(a.commit ? { commit: a.commit } : {}), ...(a.comment_url ? { comment_url: a.comment_url } : {}), ...(a.why ? { why: a.why } : {}) } };
  });
}

/**
 * The findings with the acceptances applied, then the notes about acceptances that did not count.
 * The notes appear only when the change has a finding that could be accepted: the verdict is then
 * CONCERNS at best anyway, so a stranger's `/loki accept` on a clean change cannot make it CONCERNS.
 */
export function judgeAcceptances(findings: readonly Finding[], gathered: { acceptances: readonly Acceptance[]; notes: readonly Finding[] }): Finding[] {
  const judged = applyAcceptances(findings, gathered.acceptances);
  if (!judged.some((f) => ACCEPTABLE_GATES.has(f.gate) && !f.pre_existing)) return judged;
  return [...judged, ...gathered.notes, ...unmatchedAcceptances(judged, gathered.acceptances)];
}

/** An acceptance that matched no finding accepts nothing: a mistyped rule or path must not pass unseen. */
function unmatchedAcceptances(findings: readonly Finding[], acceptances: readonly Acceptance[]): Finding[] {
  return acceptances
    .filter((a) => !findings.some((f) => f.accepted && f.rule === a.rule && (a.file === undefined || a.file === f.file)))
    .map((a) => note('accept-unmatched', `${!a.commit ? `${a.by}'s \`/loki accept ${a.rule}${a.file ? ` ${a.file}` : ''}\`` : `the trailer "Loki-Accept: ${a.rule} ${a.file ?? ''}" in ${a.commit?.slice(0, 12)}`} matches no finding of this change, so it accepts nothing. Fix: use the rule and file exactly as a finding gives them (only integrity findings can be accepted)`, `${a.by}\n${a.rule}\n${a.file ?? ''}`));
}

function note(rule: string, message: string, key: string): Finding {
  return { id: fingerprint('integrity', rule, undefined, key), gate: 'integrity', rule, severity: 'low', blocking: false, pre_existing: false, message };
}
