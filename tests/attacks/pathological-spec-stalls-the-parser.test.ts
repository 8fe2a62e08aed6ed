import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../gates/config/schema.js';
import { lintSpec } from '../../gates/spec/lint-spec.js';
import { normaliseSpec } from '../../gates/spec/normalise-spec.js';
import { parseMarkdown } from '../../gates/spec/parse-markdown.js';
import { planSpec } from '../../gates/spec/plan-spec.js';

/**
 * Attack: an issue body built to make the spec parser backtrack, so `/loki plan` (answered on the
 * App's event loop) or a spec-drift check stalls. 100 KB of each shape must parse in linear time:
 * the bound below is generous, a quadratic pattern needs tens of seconds here. Time is this
 * process's CPU time, so other work on a busy machine does not count.
 */
function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const SIZE = 100_000;
const SHAPES: Record<string, string> = {
  'a heading with a long run of spaces': `# a${' '.repeat(SIZE)}b`,
  'a heading of spaces and tabs': `# a${' \t'.repeat(SIZE / 2)}x`,
  'a heading of spaced hashes': `# ${'# '.repeat(SIZE / 2)}`,
  'many headings': '# h\n'.repeat(SIZE / 4),
  'many setext headings': 'x\n--\n\n'.repeat(SIZE / 6),
  'unclosed HTML comments': '<!--'.repeat(SIZE / 4),
  'a long checkbox': `- [ ]${' '.repeat(SIZE)}`,
  'many list items under a long acceptance heading': `## Acceptance criteria ${'x'.repeat(SIZE / 2)}\n${'- a\n'.repeat(SIZE / 8)}`,
};

describe('attack: a spec that stalls the Markdown parser', () => {
  it.each(Object.entries(SHAPES))('parses 100 KB of %s in linear time', (_name, text) => {
    expect(cpuMs(() => parseMarkdown(text))).toBeLessThan(1_500);
  });

  it('still reads headings with closing hashes and trailing spaces as before', () => {
    const parsed = parseMarkdown('# Title\n\n## Login ##  \nUsers sign in.\n\n### Limits #\t\nFive tries.\n\n## C# support\nAlso F#.\n\n#NoSpace\n');
    expect(parsed.title).toBe('Title');
    expect(parsed.drafts.map((d) => d.title)).toEqual(['Login', 'Limits', 'C# support']);
    expect(parsed.drafts.find((d) => d.title === 'C# support')?.text).toContain('#NoSpace');
  });
});

/** An issue body is at most 65,536 characters; the App reads, lints and estimates it for `/loki plan`. */
const ISSUE = 65_536;
const ISSUE_SHAPES: Record<string, string> = {
  'sixteen thousand identical headings': '# h\n'.repeat(ISSUE / 4),
  'one sentence of twelve thousand durations': Array.from({ length: 12_000 }, (_, i) => `${i} ms`).join(' ').slice(0, ISSUE),
  'the same duration ten thousand times': '100 ms'.repeat(ISSUE / 6),
};

describe('attack: an issue body that stalls the spec lint and the estimate', () => {
  it.each(Object.entries(ISSUE_SHAPES))('reads, lints and estimates %s in linear time, with short messages', (_name, text) => {
    let findings: ReturnType<typeof lintSpec> = [];
    const ms = cpuMs(() => {
      const spec = normaliseSpec({ source: 'issue', ref: 'octo/app#1', title: 'Hostile', text, labels: [] });
      findings = lintSpec(spec);
      planSpec(spec, { files: 10, bytes: 10_000 }, defaultConfig());
    });
    expect(ms).toBeLessThan(3_000);
    for (const f of findings) expect(f.message.length).toBeLessThan(2_000);
  });
});
