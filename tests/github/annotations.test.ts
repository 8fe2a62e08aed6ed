import { describe, expect, it } from 'vitest';
import { changedLinesOf, inBatches, selectAnnotated, toAnnotation } from '../../github/annotations.js';
import { finding } from '../support/evidence-fixture.js';

describe('selectAnnotated', () => {
  it('keeps located, new findings on changed lines, blocking and most severe first', () => {
    const changed = changedLinesOf([{ path: 'a.js', addedLines: new Map([[1, 'x'], [2, 'y'], [3, 'z']]) }]);
    const picked = selectAnnotated(
      [
        finding({ id: '1'.repeat(16), file: 'a.js', line: 1, severity: 'low', blocking: false }),
        finding({ id: '2'.repeat(16), file: 'a.js', line: 2, severity: 'high', blocking: true }),
        finding({ id: '3'.repeat(16), file: 'a.js', line: 3, severity: 'medium', blocking: false }),
        finding({ id: '4'.repeat(16), file: 'a.js', line: 9 }),
        finding({ id: '5'.repeat(16), file: 'b.js', line: 1 }),
        finding({ id: '6'.repeat(16), file: 'a.js', line: 2, pre_existing: true, blocking: false }),
        finding({ id: '7'.repeat(16) }),
      ],
      changed,
    );
    expect(picked.map((f) => f.id[0])).toEqual(['2', '3', '1']);
  });

  it('without changed lines, annotates every located new finding', () => {
    expect(selectAnnotated([finding({ file: 'x.js', line: 40 })])).toHaveLength(1);
  });
});

describe('toAnnotation and inBatches', () => {
  it('shapes a check-run annotation and batches by 50', () => {
    const [f] = selectAnnotated([finding({ file: 'x.js', line: 4, gate: 'secrets', rule: 'aws-key', severity: 'critical' })]);
    expect(toAnnotation(f!)).toEqual({ path: 'x.js', start_line: 4, end_line: 4, annotation_level: 'failure', title: 'secrets/aws-key (critical, blocking)', message: 'test "adds" failed' });
    expect(inBatches(Array.from({ length: 101 }, (_, i) => i)).map((b) => b.length)).toEqual([50, 50, 1]);
    expect(inBatches([])).toEqual([]);
  });
});
