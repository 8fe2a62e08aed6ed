import { describe, expect, it } from 'vitest';
import { trimJobLog } from '../../app/trim-job-log.js';

describe('trimJobLog', () => {
  it('keeps the lines around the first ##[error], without timestamps, bounded', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `2026-12-04T01:00:00.0000000Z step ${i}`);
    lines.splice(300, 0, '2026-12-04T01:00:00.0000000Z ##[error]Expected 2, got 3');
    const trimmed = trimJobLog(lines.join('\n'));
    expect(trimmed).toContain('##[error]Expected 2, got 3');
    expect(trimmed).not.toContain('step 10\n');
    expect(trimmed).not.toContain('2026-12-04T');
    expect(trimmed.split('\n').length).toBeLessThanOrEqual(81);
    expect(trimJobLog('x'.repeat(50_000)).length).toBeLessThanOrEqual(12_001);
  });
});
