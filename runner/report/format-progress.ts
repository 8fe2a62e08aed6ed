import type { BuildOutcome, BuildProgress } from '../build-outcome.js';

/** One status line for the live view: phase, iteration, gates, spend and time. */
export function formatProgressLine(p: BuildProgress): string {
  const ran = formatGates(p.gates ?? []);
  const gates = ran ? ` · ${ran}` : '';
  const verdict = p.verdict ? ` · ${p.verdict}` : '';
  return `[${p.iteration}/${p.maxIterations}] ${p.phase}${verdict}${gates} · $${p.costUsd.toFixed(2)}/$${p.budgetUsd.toFixed(2)} · ${formatDuration(p.elapsedMs)} · ${p.message}`;
}

/** The closing lines: status, reason, and where things are. */
export function formatOutcome(o: BuildOutcome): string {
  const lines = [`loki build: ${o.status} (exit ${o.exitCode}) after ${o.iterations} iteration${o.iterations === 1 ? '' : 's'}, $${o.costUsd.toFixed(2)}`, o.reason];
  if (o.branch) lines.push(`branch: ${o.branch}${o.headSha ? ` at ${o.headSha.slice(0, 12)}` : ''}${o.pushed ? ' (pushed)' : ''}`);
  if (o.prUrl) lines.push(`pull request: ${o.prUrl}`);
  if (o.evidencePath) lines.push(`evidence: ${o.evidencePath}`);
  return `${lines.join('\n')}\n`;
}

/** `tests ✓ integrity ✗`: the gates that ran (skipped ones, not applicable here, would only crowd it). */
export function formatGates(gates: ReadonlyArray<{ id: string; status: string }>): string {
  return gates.filter((g) => g.status !== 'skipped').map((g) => `${g.id} ${gateSymbol(g.status)}`).join(' ');
}

export function gateSymbol(status: string): string {
  return status === 'pass' ? '✓' : status === 'fail' ? '✗' : status === 'inconclusive' ? '?' : '–';
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
