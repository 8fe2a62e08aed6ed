import { describe, expect, it } from 'vitest';
import type { BuildProgress } from '../../../runner/build-outcome.js';
import { createProgressPrinter } from '../../../runner/report/progress-printer.js';

const p = (over: Partial<BuildProgress>): BuildProgress => ({ phase: 'act', iteration: 1, maxIterations: 4, costUsd: 0.1, budgetUsd: 5, elapsedMs: 65_000, message: 'editing', ...over });

describe('the live view', () => {
  it('redraws one line in place on a terminal, with phase, iteration, gates and spend', () => {
    let out = '';
    const printer = createProgressPrinter({ write: (t) => (out += t), isTTY: true, columns: 200 });
    printer.update(p({}));
    printer.update(p({ phase: 'verify', gates: [{ id: 'tests', status: 'pass' }, { id: 'audit', status: 'skipped' }, { id: 'integrity', status: 'fail' }], message: 'integrity: fail' }));
    printer.done();
    const frames = out.split('\r\x1b[2K').filter(Boolean);
    expect(frames).toHaveLength(2);
    expect(frames[1]).toBe('[1/4] verify · tests ✓ integrity ✗ · $0.10/$5.00 · 1m05s · integrity: fail\n');
  });

  it('prints plain lines elsewhere, one per step, without the agent chatter', () => {
    let out = '';
    const printer = createProgressPrinter({ write: (t) => (out += t), isTTY: false });
    printer.update(p({ message: 'the agent is working' }));
    printer.update(p({ message: 'Read src/a.js' }));
    printer.update(p({ message: 'Edit src/a.js' }));
    printer.update(p({ phase: 'verify', message: 'tests: pass' }));
    expect(out.trim().split('\n')).toEqual(['[1/4] act · $0.10/$5.00 · 1m05s · the agent is working', '[1/4] verify · $0.10/$5.00 · 1m05s · tests: pass']);
  });
});
