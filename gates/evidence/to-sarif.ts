import { GATE_IDS } from '../config/schema.js';
import type { Evidence, Finding } from './schema.js';

const LEVELS: Record<Finding['severity'], 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** SARIF's security-severity, which code scanning uses to rank alerts. */
const SECURITY_SEVERITY: Record<Finding['severity'], string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: unknown[];
}

/**
 * SARIF 2.1.0 of the findings, one run per gate (code scanning wants a distinct category per tool).
 * Fingerprints carry the stable finding id so alerts follow code across line shifts.
 */
export function toSarif(evidence: Evidence): SarifLog {
  const byGate = new Map<string, Finding[]>();
  for (const f of evidence.findings) byGate.set(f.gate, [...(byGate.get(f.gate) ?? []), f]);
  const gates = GATE_IDS.filter((id) => byGate.has(id));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: (gates.length ? gates : ['diff' as const]).map((gate) => sarifRun(gate, byGate.get(gate) ?? [], evidence)),
  };
}

function sarifRun(gate: string, findings: Finding[], evidence: Evidence) {
  const rules = [...new Map(findings.map((f) => [f.rule, f])).values()].map((f) => ({
    id: f.rule,
    name: f.rule,
    shortDescription: { text: `${gate}: ${f.rule}` },
    defaultConfiguration: { level: LEVELS[f.severity] },
    properties: { 'security-severity': SECURITY_SEVERITY[f.severity], tags: [gate] },
  }));
  return {
    tool: { driver: { name: `loki-${gate}`, version: evidence.produced_by.version, rules } },
    automationDetails: { id: `loki/${gate}/` },
    ...(evidence.subject.head_sha ? { versionControlProvenance: [{ repositoryUri: evidence.subject.repo ?? 'local', revisionId: evidence.subject.head_sha }] } : {}),
    results: findings.map((f) => ({
      ruleId: f.rule,
      level: LEVELS[f.severity],
      message: { text: f.message },
      partialFingerprints: { lokiFindingId: f.id },
      properties: { blocking: f.blocking, preExisting: f.pre_existing, severity: f.severity },
      ...(f.file
        ? { locations: [{ physicalLocation: { artifactLocation: { uri: f.file, uriBaseId: '%SRCROOT%' }, ...(f.line ? { region: { startLine: f.line } } : {}) } }] }
        : {}),
    })),
  };
}
