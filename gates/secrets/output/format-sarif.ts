import type { RuleSource, ScanResult } from '../types.js';

/**
 * SARIF 2.1.0 for code scanning upload. `partialFingerprints` carries the stable fingerprint so
 * GitHub tracks an alert across line moves; messages hold only redacted text.
 */
export function formatSarif(result: ScanResult, rules: readonly RuleSource[], version: string): object {
  const used = new Set(result.findings.map((f) => f.ruleId));
  const ruleList = rules.filter((r) => used.has(r.id));
  const index = new Map(ruleList.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'loki-secrets',
            version,
            rules: ruleList.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.description },
              defaultConfiguration: { level: 'error' },
              properties: { tags: ['security', 'secret'], 'security-severity': '9.0' },
            })),
          },
        },
        automationDetails: { id: 'loki-secrets/' },
        results: result.findings.map((f) => ({
          ruleId: f.ruleId,
          ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
          level: 'error',
          message: { text: `${f.description}: ${f.redacted}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: f.file }, region: { startLine: f.line, startColumn: f.column } } }],
          partialFingerprints: { 'lokiSecret/v1': f.fingerprint },
        })),
      },
    ],
  };
}
