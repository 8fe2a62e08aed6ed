import { describe, expect, it } from 'vitest';
import { declaredChangeKind } from '../../../gates/spec/declared-change-kind.js';

describe('declaredChangeKind', () => {
  it.each([
    [{ text: 'x', labels: ['bug', 'refactor'] }, 'refactor', 'the label "refactor"'],
    [{ text: 'x', labels: ['type: docs'] }, 'docs-only', 'the label "type: docs"'],
    [{ text: 'x', labels: ['kind/documentation'] }, 'docs-only', 'the label "kind/documentation"'],
    [{ title: 'refactor(parser): split the reader', text: 'x' }, 'refactor', 'its title "refactor(parser): split the reader"'],
    [{ title: 'docs: explain the flags', text: 'x' }, 'docs-only', 'its title "docs: explain the flags"'],
    [{ text: '# Split the reader\n\nType: refactor\n\nMove code.' }, 'refactor', 'the line "Type: refactor"'],
    [{ text: '- **Kind**: x\n- Change type: **docs-only**\n' }, 'docs-only', 'the line "- Change type: **docs-only**"'],
  ])('reads %j as %s', (spec, kind, by) => {
    expect(declaredChangeKind(spec)).toEqual({ kind, by });
  });

  it('takes no declaration from prose, other labels or other titles', () => {
    expect(declaredChangeKind({ title: 'Refactor the parser and add caching', text: 'We should refactor the parser. Docs too.', labels: ['enhancement', 'docs-needed'] })).toBeUndefined();
    expect(declaredChangeKind({ text: 'The type: refactor field in the API is renamed.' })).toBeUndefined();
  });

  it('reads a 100 KB line in linear time', () => {
    const before = process.cpuUsage();
    declaredChangeKind({ title: `docs(${'('.repeat(100_000)}`, text: `type:${' '.repeat(100_000)}x`, labels: [`type:${' '.repeat(100_000)}`] });
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(1_000);
  });
});
