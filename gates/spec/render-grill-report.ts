import type { Severity } from '../config/schema.js';
import { loadTemplate, renderTemplate } from '../core/templates.js';
import type { GrillFinding } from './grill-schema.js';
import { blockingFindings } from './lint-spec.js';
import type { Spec } from './spec-schema.js';

const BADGE: Record<Severity, string> = { critical: '🛑 critical', high: '🔴 high', medium: '🟠 medium', low: '🟡 low', info: '🔵 info' };

/** The grill's Markdown report: what a terminal, an issue comment and a check run show. */
export function renderGrillReport(spec: Spec, findings: readonly GrillFinding[], blockOn: readonly Severity[]): string {
  const blocking = blockingFindings(findings, blockOn);
  const finding = loadTemplate('spec/grill-finding.md');
  const body = findings.length
    ? findings
        .map((f, i) =>
          renderTemplate(finding, {
            number: i + 1,
            severity_badge: BADGE[f.severity],
            message: f.message,
            rule: f.rule,
            category: f.category,
            source: f.source === 'lint' ? 'the lint' : 'the provider',
            requirement: f.requirement_id ? `, requirement \`${f.requirement_id}\`` : '',
            question: f.question,
          }).trim(),
        )
        .join('\n\n')
    : 'No gaps found.';
  return renderTemplate(loadTemplate('spec/grill-report.md'), {
    title: spec.title || spec.ref || 'spec',
    verdict: blocking.length
      ? `**${blocking.length} blocking gap${blocking.length === 1 ? '' : 's'}**: answer ${blocking.length === 1 ? 'it' : 'them'} in the spec before building.`
      : '**No blocking gaps.**',
    requirements: spec.requirements.length,
    source: spec.ref ? `\`${spec.ref}\`` : spec.source,
    counts: countLine(findings),
    block_on: blockOn.length ? blockOn.join(', ') : 'none',
    findings: body,
  }).trimEnd() + '\n';
}

function countLine(findings: readonly GrillFinding[]): string {
  if (findings.length === 0) return 'No findings';
  const by = new Map<Severity, number>();
  for (const f of findings) by.set(f.severity, (by.get(f.severity) ?? 0) + 1);
  return `${findings.length} finding${findings.length === 1 ? '' : 's'} (${[...by].map(([s, n]) => `${n} ${s}`).join(', ')})`;
}
