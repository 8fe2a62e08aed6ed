import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../gates/evidence/render-report.js';
import { EvidenceSchema } from '../../../gates/evidence/schema.js';
import { toSarif } from '../../../gates/evidence/to-sarif.js';
import { writeEvidence } from '../../../gates/evidence/write-evidence.js';
import { finding, makeEvidence } from '../../support/evidence-fixture.js';

const blocked = makeEvidence({
  verdict: 'BLOCKED',
  exit_code: 2,
  summary: '1 blocking finding',
  findings: [
    finding({ file: 'src/a.ts', line: 12, message: 'a | b <script>' }),
    finding({ id: 'fedcba9876543210', gate: 'static', rule: 'tsc', severity: 'low', blocking: false, pre_existing: true, message: 'old warning' }),
  ],
});

describe('renderReport', () => {
  it('shows the verdict, every gate and the findings, blocking first', () => {
    const text = renderReport(blocked);
    expect(text).toContain('Loki Verify: BLOCKED');
    expect(text).toContain('| `tests` | ✅ pass |');
    expect(text).toContain('`src/a.ts:12`');
    expect(text.indexOf('**blocking**')).toBeLessThan(text.indexOf('pre-existing'));
  });

  it('escapes table-breaking and HTML characters from tool output', () => {
    const text = renderReport(blocked);
    expect(text).toContain('a \\| b &lt;script&gt;');
    expect(text).not.toContain('<script>');
  });

  it('cuts to a limit and says where the full report is', () => {
    const many = makeEvidence({ findings: Array.from({ length: 150 }, (_, i) => finding({ id: i.toString(16).padStart(16, '0'), message: 'x'.repeat(200) })) });
    const text = renderReport(many, { maxChars: 2_000, evidenceUrl: 'https://example.test/run/1' });
    expect(text.length).toBeLessThanOrEqual(2_000);
    expect(text).toContain('report cut to fit 2000 characters');
    expect(text).toContain('https://example.test/run/1');
  });
});

describe('toSarif', () => {
  it('emits SARIF 2.1.0 with one run per gate, locations and stable fingerprints', () => {
    const sarif = toSarif(blocked) as { version: string; runs: Array<{ tool: { driver: { name: string } }; results: Array<Record<string, any>> }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs.map((r) => r.tool.driver.name)).toEqual(['loki-tests', 'loki-static']);
    const result = sarif.runs[0]!.results[0]!;
    expect(result.level).toBe('error');
    expect(result.partialFingerprints.lokiFindingId).toBe('0123456789abcdef');
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'src/a.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 12 } });
    expect(sarif.runs[1]!.results[0]!.level).toBe('note');
  });
});

describe('writeEvidence', () => {
  it('writes the three files, and evidence.json round-trips through its schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loki-out-'));
    try {
      const paths = await writeEvidence(blocked, join(dir, 'nested/out'));
      expect(EvidenceSchema.parse(JSON.parse(readFileSync(paths.evidencePath, 'utf8')))).toEqual(blocked);
      expect(readFileSync(paths.reportPath, 'utf8')).toBe(renderReport(blocked));
      expect(JSON.parse(readFileSync(paths.sarifPath, 'utf8')).version).toBe('2.1.0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
