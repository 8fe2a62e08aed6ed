import { git } from '../git/git.js';
import type { Finding } from '../evidence/schema.js';

/** `Loki-Accept: <rule> <file> [why]` in a commit message of the change: someone accepts one finding. */
export interface Acceptance {
  rule: string;
  file: string;
  why?: string;
  /** The commit's author, `Name <email>`. */
  by: string;
  commit: string;
}

/** What can be accepted: integrity's judgement of tests. A secret, a failing test or a build is never accepted by a commit message. */
const ACCEPTABLE_GATES: ReadonlySet<string> = new Set(['integrity']);
/** A rule id (`test-deleted`), then a path (it has a `/` or a `.`), then an optional why. */
const TRAILER = /^([a-z][a-z0-9-]{1,79})\s+([^\s/][^\s]{0,499})(?:\s+(.{1,300}))?$/;
const MAX_COMMITS = 500;

/**
 * Reads the `Loki-Accept:` trailers of merge-base..head with git's own trailer parser. A value
 * that does not name a rule and a file is ignored (and listed in `unreadable`).
 */
export async function readAcceptances(cwd: string, mergeBaseSha: string, headSha: string): Promise<{ acceptances: Acceptance[]; unreadable: string[] }> {
  const log = await git(cwd, ['log', `--max-count=${MAX_COMMITS}`, '--format=%H%x1f%an <%ae>%x1f%(trailers:key=Loki-Accept,valueonly,separator=%x1e)%x1d', `${mergeBaseSha}..${headSha}`]);
  const acceptances: Acceptance[] = [];
  const unreadable: string[] = [];
  for (const record of log.split('\x1d')) {
    const [commit, by, values] = record.replace(/^\n/, '').split('\x1f');
    if (!commit || !by || !values) continue;
    for (const value of values.split('\x1e').map((v) => v.trim()).filter(Boolean)) {
      const m = TRAILER.exec(value);
      if (m && /[./]/.test(m[2]!)) acceptances.push({ rule: m[1]!, file: m[2]!, ...(m[3] ? { why: m[3].replace(/^[(\s—–:-]+|[)\s]+$/g, '') } : {}), by, commit });
      else unreadable.push(value.slice(0, 120));
    }
  }
  return { acceptances, unreadable };
}

/**
 * Marks each finding a trailer names (same rule and file, in an acceptable gate) as accepted: it no
 * longer blocks, stays reported (a human reads who accepted it and why), and so the verdict is at
 * best CONCERNS — a change that accepts its own findings is never VERIFIED by that.
 */
export function applyAcceptances(findings: readonly Finding[], acceptances: readonly Acceptance[]): Finding[] {
  return findings.map((f) => {
    if (!ACCEPTABLE_GATES.has(f.gate) || f.pre_existing) return f;
    const a = acceptances.find((x) => x.rule === f.rule && x.file === f.file);
    if (!a) return f;
    return { ...f, blocking: false, accepted: { by: a.by, commit: a.commit, ...(a.why ? { why: a.why } : {}) } };
  });
}
