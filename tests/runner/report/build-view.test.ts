import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BuildProgress } from '../../../runner/build-outcome.js';
import { CLOCK_TICK_MS, createBuildView } from '../../../runner/report/build-view.js';

const p = (over: Partial<BuildProgress>): BuildProgress => ({ phase: 'act', iteration: 1, maxIterations: 4, costUsd: 0.1, budgetUsd: 5, elapsedMs: 65_000, message: 'editing', ...over });

/** The last frame a terminal shows: what follows the last "erase the block" sequence. */
function lastFrame(out: string): string[] {
  const frames = out.split(/\x1b\[\d+F\x1b\[J/);
  return frames[frames.length - 1]!.split('\n').filter(Boolean).map((l) => l.replace(/\x1b\[2K/g, ''));
}

describe('the build view on a terminal', () => {
  let now = 0;
  const clock = { now: () => now };
  beforeEach(() => {
    vi.useFakeTimers();
    now = 1_000_000;
  });
  afterEach(() => vi.useRealTimers());

  it('keeps its clock moving while the agent works, with no new progress', () => {
    let out = '';
    const view = createBuildView({ write: (t) => (out += t), isTTY: true, columns: 200 }, clock);
    view.update(p({ elapsedMs: 0, message: 'iteration 1: the agent is working' }));
    expect(lastFrame(out)[0]).toContain('· 0s');
    now += 42_000;
    vi.advanceTimersByTime(42 * CLOCK_TICK_MS);
    expect(lastFrame(out)[0]).toBe('loki build · iteration 1/4 · act · $0.10 of $5.00 · 42s');
    view.done();
  });

  it('shows a history line per finished iteration and the current gate table', () => {
    let out = '';
    const view = createBuildView({ write: (t) => (out += t), isTTY: true, columns: 200 }, clock);
    view.update(p({ phase: 'verify', gates: [{ id: 'tests', status: 'fail' }, { id: 'audit', status: 'skipped' }, { id: 'secrets', status: 'pass' }], verdict: 'CONCERNS', costUsd: 0.2, elapsedMs: 30_000, message: 'iteration 1: CONCERNS — 1 test failed' }));
    view.update(p({ iteration: 2, phase: 'verify', gates: [{ id: 'build', status: 'pass' }, { id: 'tests', status: 'pass' }], costUsd: 0.4, elapsedMs: 70_000, message: 'tests: pass' }));
    view.done();
    expect(lastFrame(out)).toEqual([
      'loki build · iteration 2/4 · verify · $0.40 of $5.00 · 1m10s',
      '  #1   CONCERNS  tests ✗ secrets ✓  $0.20  30s',
      '    ✓ build      pass',
      '    ✓ tests      pass',
      '  tests: pass',
    ]);
  });

  it('redraws the block in place: each frame first moves up over the one before', () => {
    let out = '';
    const view = createBuildView({ write: (t) => (out += t), isTTY: true, columns: 200 }, clock);
    view.update(p({}));
    view.update(p({ message: 'Edit src/a.js' }));
    view.done();
    expect(out.match(/\x1b\[2F\x1b\[J/g)).toHaveLength(2);
    expect(lastFrame(out)).toHaveLength(2);
  });

  it('keeps a warning above the live block', () => {
    let out = '';
    const view = createBuildView({ write: (t) => (out += t), isTTY: true, columns: 200 }, clock);
    view.update(p({}));
    view.note('warning: no sandbox');
    view.done();
    const text = out.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    expect(text.indexOf('warning: no sandbox')).toBeLessThan(text.lastIndexOf('loki build ·'));
  });
});

describe('the build view in a log', () => {
  it('prints plain lines, one per step, without the agent chatter', () => {
    let out = '';
    const view = createBuildView({ write: (t) => (out += t), isTTY: false });
    view.update(p({ message: 'the agent is working' }));
    view.update(p({ message: 'Read src/a.js' }));
    view.update(p({ message: 'Edit src/a.js' }));
    view.update(p({ phase: 'verify', message: 'tests: pass' }));
    expect(out.trim().split('\n')).toEqual(['[1/4] act · $0.10/$5.00 · 1m05s · the agent is working', '[1/4] verify · $0.10/$5.00 · 1m05s · tests: pass']);
    expect(out).not.toContain('\x1b');
  });
});
