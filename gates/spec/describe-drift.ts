import type { SpecDrift } from './compare-to-lock.js';

/**
 * One line per kind of drift, naming the requirements: used by `loki spec status`, the
 * spec-drift gate's finding and the runner's refusal to call a drifted build done.
 */
export function describeDrift(drift: SpecDrift, max = 10): string[] {
  const lines: string[] = [];
  const list = (items: string[]) => items.slice(0, max).join(', ') + (items.length > max ? `, and ${items.length - max} more` : '');
  if (drift.changed.length) lines.push(`changed: ${list(drift.changed.map((c) => (c.previousId ? `${c.previousId} → ${c.id}` : c.id)))}`);
  if (drift.renamed.length) lines.push(`renamed: ${list(drift.renamed.map((r) => `${r.from.id} → ${r.to.id}`))}`);
  if (drift.added.length) lines.push(`added: ${list(drift.added.map((a) => a.id))}`);
  if (drift.removed.length) lines.push(`removed: ${list(drift.removed.map((r) => r.id))}`);
  return lines;
}

/** "3 requirements drifted (changed: …; added: …)" — a single sentence for findings and comments. */
export function summariseDrift(drift: SpecDrift): string {
  const count = drift.added.length + drift.removed.length + drift.changed.length + drift.renamed.length;
  if (count === 0) return 'in sync with its lock';
  return `${count} requirement${count === 1 ? '' : 's'} drifted from the lock (${describeDrift(drift).join('; ')})`;
}
