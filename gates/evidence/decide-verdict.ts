import type { Finding, GateRecord, Verdict } from './schema.js';

export interface VerdictDecision {
  verdict: Verdict;
  summary: string;
}

/**
 * The verdict rule. It starts at ERROR and only evidence moves it: any blocking finding →
 * BLOCKED; otherwise any finding, any inconclusive gate, a failing gate, or an empty diff →
 * CONCERNS; otherwise VERIFIED. Nothing checked is never VERIFIED.
 */
const ONLY_DESCRIBES_THE_CHANGE: ReadonlySet<string> = new Set(['diff']);

export function decideVerdict(gates: readonly GateRecord[], findings: readonly Finding[], emptyDiff: boolean): VerdictDecision {
  const blocking = findings.filter((f) => f.blocking);
  if (blocking.length > 0) {
    return { verdict: 'BLOCKED', summary: `${blocking.length} blocking finding${s(blocking.length)}: ${firstMessages(blocking)}` };
  }
  if (emptyDiff) return { verdict: 'CONCERNS', summary: 'the change is empty: there is nothing to verify' };
  const inconclusive = gates.filter((g) => g.status === 'inconclusive');
  if (inconclusive.length > 0) {
    return { verdict: 'CONCERNS', summary: `inconclusive: ${inconclusive.map((g) => `${g.id} (${g.reason})`).join('; ')}` };
  }
  const failed = gates.filter((g) => g.status === 'fail');
  if (failed.length > 0) {
    return { verdict: 'CONCERNS', summary: `gate${s(failed.length)} failed without a blocking finding: ${failed.map((g) => g.id).join(', ')}` };
  }
  const reported = findings.filter((f) => !f.pre_existing);
  if (reported.length > 0) return { verdict: 'CONCERNS', summary: `${reported.length} non-blocking finding${s(reported.length)}` };
  const passed = gates.filter((g) => g.status === 'pass');
  // The diff gate only establishes that a change exists: it checks nothing about the change.
  if (!passed.some((g) => !ONLY_DESCRIBES_THE_CHANGE.has(g.id))) return { verdict: 'CONCERNS', summary: 'no gate ran a check: nothing was verified' };
  const pre = findings.length;
  return {
    verdict: 'VERIFIED',
    summary: `${passed.length} gate${s(passed.length)} passed${pre ? ` (${pre} pre-existing finding${s(pre)} reported)` : ''}`,
  };
}

function s(n: number): string {
  return n === 1 ? '' : 's';
}

function firstMessages(findings: readonly Finding[]): string {
  const shown = findings.slice(0, 3).map((f) => f.message);
  return shown.join('; ') + (findings.length > 3 ? `; and ${findings.length - 3} more` : '');
}
