import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../../gates/evidence/schema.js';
import { describeFailures, failureSignature } from '../../../runner/loop/describe-failures.js';

function evidence(over: Partial<Evidence> = {}): Evidence {
  return {
    schema_version: 1, verdict: 'BLOCKED', exit_code: 2, summary: '1 blocking finding',
    subject: { repo: null, pr: null, base_ref: 'main', base_sha: 'a'.repeat(40), merge_base_sha: 'a'.repeat(40), head_sha: 'b'.repeat(40), diff_stats: { files: 1, additions: 1, deletions: 0 } },
    produced_by: { tool: 'loki', version: '0', started_at: '2026-01-01T00:00:00.000Z', completed_at: '2026-01-01T00:00:01.000Z' },
    dirty: false,
    gates: [
      { id: 'tests', status: 'fail', reason: '1 of 2 tests failed', command: 'node --test', exit_code: 1, duration_ms: 10 },
      { id: 'build', status: 'pass', reason: 'ok', command: null, exit_code: 0, duration_ms: 1 },
    ],
    findings: [{ id: '0123456789abcdef', gate: 'tests', rule: 'test-failed', severity: 'high', file: 'test/m.test.js', line: 4, message: 'multiplies failed', blocking: true, pre_existing: false }],
    ...over,
  };
}

describe('describeFailures / failureSignature', () => {
  it('tells the next iteration what failed, where', () => {
    const text = describeFailures(evidence());
    expect(text).toContain('Verdict: BLOCKED. 1 blocking finding');
    expect(text).toContain('- gate tests: fail — 1 of 2 tests failed (command: node --test)');
    expect(text).toContain('- high (blocking) [tests/test-failed] test/m.test.js:4: multiplies failed');
    expect(text).not.toContain('gate build');
  });

  it('the same failure has the same signature whatever the wording; a different one does not', () => {
    const a = failureSignature(evidence());
    expect(failureSignature(evidence({ summary: 'other words', produced_by: { tool: 'loki', version: '1', started_at: '2026-02-01T00:00:00.000Z', completed_at: '2026-02-01T00:00:00.000Z' } }))).toBe(a);
    const other = evidence();
    other.findings = [{ ...other.findings[0]!, id: 'fedcba9876543210' }];
    expect(failureSignature(other)).not.toBe(a);
  });
});
