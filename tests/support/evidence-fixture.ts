import { EvidenceSchema, type Evidence, type Finding, type GateRecord } from '../../gates/evidence/schema.js';

/** A valid evidence document for tests of the renderers; override what the test is about. */
export function makeEvidence(overrides: Partial<Evidence> = {}): Evidence {
  return EvidenceSchema.parse({
    schema_version: 1,
    verdict: 'VERIFIED',
    exit_code: 0,
    summary: '2 gates passed',
    subject: {
      repo: 'octo/demo',
      pr: 7,
      base_ref: 'main',
      base_sha: 'a'.repeat(40),
      merge_base_sha: 'b'.repeat(40),
      head_sha: 'c'.repeat(40),
      diff_stats: { files: 1, additions: 3, deletions: 1 },
    },
    produced_by: { tool: 'loki', version: '0.1.0', started_at: '2026-11-25T10:00:00.000Z', completed_at: '2026-11-25T10:00:05.000Z' },
    dirty: false,
    gates: [gate({ id: 'diff' }), gate({ id: 'tests', command: 'node --test', exit_code: 0, counts: { total: 3, passed: 3 } })],
    findings: [],
    ...overrides,
  });
}

export function gate(overrides: Partial<GateRecord> & Pick<GateRecord, 'id'>): GateRecord {
  return { status: 'pass', reason: 'ok', command: null, exit_code: null, duration_ms: 10, ...overrides };
}

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: '0123456789abcdef',
    gate: 'tests',
    rule: 'test-failed',
    severity: 'high',
    message: 'test "adds" failed',
    blocking: true,
    pre_existing: false,
    ...overrides,
  };
}
