import { describe, expect, it } from 'vitest';
import { lockJobSpec, recheckJobSpec } from '../../../runner/grill/guard-spec-drift.js';

const issue = { source: 'issue' as const, ref: 'octo/app#12', title: 'CSV export', text: 'Export tasks.\n\n## Acceptance criteria\n- [ ] a CSV file downloads\n', labels: ['loki:build'] };

describe('guarding a build against a spec edited mid-run', () => {
  it('lets the build finish when the issue is unchanged (ticking a box or a new label is not a spec change)', () => {
    const lock = lockJobSpec(issue);
    expect(recheckJobSpec(lock, { ...issue, text: issue.text.replace('- [ ]', '- [x]'), labels: ['loki:build', 'in-progress'] })).toEqual({ drifted: false });
  });

  it('reports the drift, naming the requirements, and asks for /loki build again when the issue was edited', () => {
    const lock = lockJobSpec(issue);
    const result = recheckJobSpec(lock, { ...issue, text: `${issue.text}- [ ] the file has a header row\n` });
    expect(result.drifted).toBe(true);
    if (!result.drifted) return;
    expect(result.drift.added.map((a) => a.id)).toEqual(['acceptance-criteria/the-file-has-a-header-row']);
    expect(result.reason).toContain('octo/app#12 changed while the build ran');
    expect(result.reason).toContain('added: acceptance-criteria/the-file-has-a-header-row');
    expect(result.reason).toContain('`/loki build`');
  });

  it('works for file specs too', () => {
    const file = { source: 'file' as const, ref: 'docs/prd.md', text: '# Shop\n\n## Cart\nUsers add items.\n' };
    const lock = lockJobSpec(file);
    expect(recheckJobSpec(lock, file).drifted).toBe(false);
    expect(recheckJobSpec(lock, { ...file, text: file.text.replace('add items', 'remove items') }).drifted).toBe(true);
  });
});
