import { describe, expect, it } from 'vitest';
import { buildCommitMessage, evidenceHash } from '../../../runner/loop/commit-message.js';
import { makeEvidence } from '../../support/evidence-fixture.js';

describe('build commit messages', () => {
  it('are named after the work, with the iteration and the evidence answered as trailers', () => {
    const previous = makeEvidence({ verdict: 'BLOCKED', exit_code: 2, summary: '1 blocking finding' });
    const message = buildCommitMessage({ prefix: 'loki(#7): ', summary: 'Add  multiply\nplease', iteration: 2, maxIterations: 8, previous });
    const [subject, , body, , ...trailers] = message.trimEnd().split('\n');
    expect(subject).toBe('loki(#7): Add multiply please');
    expect(body).toMatch(/iteration 2 of 8[\s\S]*BLOCKED, 1 blocking finding/);
    expect(trailers).toEqual(['Loki-Iteration: 2', `Loki-Evidence: sha256:${evidenceHash(previous)}`]);
  });

  it('say "none" for the first iteration and keep the subject short', () => {
    const message = buildCommitMessage({ prefix: 'loki: ', summary: 'x'.repeat(200), iteration: 1, maxIterations: 3 });
    expect(message.split('\n')[0]).toHaveLength('loki: '.length + 72);
    expect(message.trimEnd().split('\n').slice(-2)).toEqual(['Loki-Iteration: 1', 'Loki-Evidence: none']);
  });
});
