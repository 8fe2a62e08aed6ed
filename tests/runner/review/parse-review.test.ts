import { describe, expect, it } from 'vitest';
import { parseReview } from '../../../runner/review/parse-review.js';

describe('parseReview', () => {
  it('reads a bare JSON answer', () => {
    const parsed = parseReview('{"verdict":"pass","summary":"fine","findings":[]}');
    expect(parsed).toEqual({ ok: true, answer: { verdict: 'pass', summary: 'fine', findings: [] } });
  });

  it('reads an answer in a json fence, with prose around it', () => {
    const parsed = parseReview('Here is my review:\n```json\n{"verdict":"fail","findings":[{"severity":"high","file":"a.js","line":3,"message":"multiply adds"}]}\n```\nThanks');
    expect(parsed.ok && parsed.answer.findings[0]).toEqual({ severity: 'high', file: 'a.js', line: 3, message: 'multiply adds' });
  });

  it('rejects prose, broken JSON and answers that miss the schema — never a pass by default', () => {
    expect(parseReview('Looks good to me, ship it!').ok).toBe(false);
    expect(parseReview('{"verdict": "pass",').ok).toBe(false);
    const wrong = parseReview('{"verdict":"LGTM"}');
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.problem).toMatch(/verdict/);
    expect(parseReview('{"verdict":"pass","findings":[{"severity":"blocker","message":"x"}]}').ok).toBe(false);
  });
});
