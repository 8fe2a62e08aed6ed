import { createHash } from 'node:crypto';
import type { Evidence } from '../../gates/evidence/schema.js';

const MAX_FINDINGS = 20;

/**
 * What the next iteration needs to know about the last Verify: the verdict, the gates that did
 * not pass and the findings, in plain text for the prompt.
 */
export function describeFailures(evidence: Evidence): string {
  const lines = [`Verdict: ${evidence.verdict}. ${evidence.summary}`];
  if (evidence.error) lines.push(`Error: ${evidence.error.message}${evidence.error.fix ? ` (fix: ${evidence.error.fix})` : ''}`);
  for (const gate of evidence.gates.filter((g) => g.status === 'fail' || g.status === 'inconclusive')) {
    lines.push(`- gate ${gate.id}: ${gate.status} — ${gate.reason}${gate.command ? ` (command: ${gate.command})` : ''}`);
  }
  const findings = evidence.findings.filter((f) => !f.pre_existing);
  for (const f of findings.slice(0, MAX_FINDINGS)) {
    const where = f.file ? ` ${f.file}${f.line ? `:${f.line}` : ''}` : '';
    lines.push(`- ${f.severity}${f.blocking ? ' (blocking)' : ''} [${f.gate}/${f.rule}]${where}: ${f.message}`);
  }
  if (findings.length > MAX_FINDINGS) lines.push(`- … and ${findings.length - MAX_FINDINGS} more findings`);
  return lines.join('\n');
}

/**
 * A fingerprint of "the same failure": the verdict, the gates that did not pass and the finding
 * ids (stable across runs), not the message text, which can vary with timings and paths.
 */
export function failureSignature(evidence: Evidence): string {
  const gates = evidence.gates.filter((g) => g.status === 'fail' || g.status === 'inconclusive').map((g) => `${g.id}:${g.status}`).sort();
  const findings = evidence.findings.filter((f) => !f.pre_existing).map((f) => f.id).sort();
  const parts = [evidence.verdict, evidence.error?.code ?? '', ...gates, ...findings];
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
}
