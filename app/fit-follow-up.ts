import type { FollowUpFailure, FollowUpThread } from '../runner/job/schema.js';

/** The follow-up's share of a job: well under GitHub's 65,535 characters for workflow_dispatch inputs (the actions dispatcher). */
export const FOLLOW_UP_CHARS = 40_000;
/** Threads answered by one follow-up; the others stay open (no reply from Loki) for the next one. */
export const MAX_THREADS = 20;
const CUT = '\n…(cut)';

/**
 * Fits the threads and failures of a follow-up into FOLLOW_UP_CHARS: at most MAX_THREADS threads,
 * and each text field cut to an equal share of what is left (a log keeps its end, where the failure is).
 */
export function fitFollowUp(threads: FollowUpThread[], failures: FollowUpFailure[], budget = FOLLOW_UP_CHARS): { threads: FollowUpThread[]; failures: FollowUpFailure[] } {
  const kept = threads.slice(0, MAX_THREADS);
  const fields = kept.length * 2 + failures.reduce((n, f) => n + (f.log ? 2 : 1), 0);
  const share = Math.max(500, Math.floor(budget / Math.max(1, fields)));
  const head = (text: string) => (text.length <= share ? text : `${text.slice(0, share)}${CUT}`);
  const tail = (text: string) => (text.length <= share ? text : `…(cut)\n${text.slice(text.length - share)}`);
  return {
    threads: kept.map((t) => ({ ...t, body: head(t.body), diff_hunk: tail(t.diff_hunk) })),
    failures: failures.map((f) => ({ ...f, output: head(f.output), ...(f.log ? { log: tail(f.log) } : {}) })),
  };
}
