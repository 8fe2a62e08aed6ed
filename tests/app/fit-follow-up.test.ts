import { describe, expect, it } from 'vitest';
import { fitFollowUp, FOLLOW_UP_CHARS, MAX_THREADS } from '../../app/fit-follow-up.js';

const thread = (id: number) => ({ comment_id: id, author: 'writer', body: `ask ${id} `.repeat(2_000), path: 'a.js', line: 1, diff_hunk: `@@ hunk ${id}\n`.repeat(1_000) + 'the line commented on', url: `u${id}` });

describe('fitFollowUp', () => {
  it('a flood of long review comments and logs fits the job (the actions dispatcher\'s 65,535-character inputs), keeping each hunk\'s end and each log\'s end', () => {
    const failures = Array.from({ length: 5 }, (_, i) => ({ name: `ci ${i}`, url: 'u', output: 'o'.repeat(20_000), log: `${'noise\n'.repeat(5_000)}##[error]real failure ${i}` }));
    const fitted = fitFollowUp(Array.from({ length: 30 }, (_, i) => thread(i + 1)), failures);
    expect(fitted.threads).toHaveLength(MAX_THREADS);
    expect(JSON.stringify(fitted).length).toBeLessThan(FOLLOW_UP_CHARS + 10_000);
    expect(fitted.threads.every((t) => t.diff_hunk.endsWith('the line commented on'))).toBe(true);
    expect(fitted.failures.every((f, i) => f.log?.endsWith(`##[error]real failure ${i}`))).toBe(true);
  });

  it('short feedback passes whole', () => {
    const small = { comment_id: 1, author: 'w', body: 'Rename it.', path: 'a.js', line: 2, diff_hunk: '@@ -1 +1 @@', url: 'u' };
    expect(fitFollowUp([small], [])).toEqual({ threads: [small], failures: [] });
  });
});
