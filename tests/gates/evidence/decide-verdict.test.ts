import { describe, expect, it } from 'vitest';
import { decideVerdict } from '../../../gates/evidence/decide-verdict.js';
import { finding, gate } from '../../support/evidence-fixture.js';

const passing = [gate({ id: 'diff' }), gate({ id: 'tests' })];

describe('decideVerdict', () => {
  it('is VERIFIED only when gates passed and nothing is wrong', () => {
    expect(decideVerdict(passing, [], false).verdict).toBe('VERIFIED');
  });

  it('is BLOCKED by any blocking finding, whatever else holds', () => {
    const d = decideVerdict([...passing, gate({ id: 'build', status: 'inconclusive' })], [finding()], true);
    expect(d.verdict).toBe('BLOCKED');
    expect(d.summary).toContain('test "adds" failed');
  });

  it('is CONCERNS for an empty diff', () => {
    expect(decideVerdict(passing, [], true).verdict).toBe('CONCERNS');
  });

  it('never says VERIFIED with an inconclusive gate', () => {
    const d = decideVerdict([...passing, gate({ id: 'audit', status: 'inconclusive', reason: 'registry unreachable' })], [], false);
    expect(d.verdict).toBe('CONCERNS');
    expect(d.summary).toContain('registry unreachable');
  });

  it('is CONCERNS for a non-blocking finding or a failed gate without one', () => {
    expect(decideVerdict(passing, [finding({ blocking: false, severity: 'medium' })], false).verdict).toBe('CONCERNS');
    expect(decideVerdict([...passing, gate({ id: 'static', status: 'fail' })], [], false).verdict).toBe('CONCERNS');
  });

  it('does not let pre-existing findings change the verdict, but mentions them', () => {
    const d = decideVerdict(passing, [finding({ blocking: false, pre_existing: true })], false);
    expect(d.verdict).toBe('VERIFIED');
    expect(d.summary).toContain('pre-existing');
  });

  it('is CONCERNS when every gate was skipped: nothing checked is never VERIFIED', () => {
    expect(decideVerdict([gate({ id: 'diff', status: 'skipped' }), gate({ id: 'tests', status: 'skipped' })], [], false).verdict).toBe('CONCERNS');
  });
});
