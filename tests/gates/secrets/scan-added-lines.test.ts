import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { scanAddedLines } from '../../../gates/secrets/index.js';
import { fakeGithubToken, fakePem, fakeStripeKey, TempRepo } from './temp-repo.js';

describe('diff mode', () => {
  const repo = new TempRepo().init();
  const old = fakeGithubToken(41);
  const fresh = fakeStripeKey(42);

  beforeAll(() => {
    repo.write('app/config.py', `OLD = "${old}"\nA = 1\nB = 2\n`).commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('app/config.py', `OLD = "${old}"\nA = 1\nNEW = "${fresh}"\nB = 2\n`);
    repo.write('keys/deploy.pem', `${fakePem(43)}\n`);
    repo.write('app/removed.py', 'nothing\n');
    repo.commit('feature');
  });
  afterAll(() => repo.remove());

  it('reports only secrets on lines added since the merge-base, with real line numbers', async () => {
    const result = await scanAddedLines(repo.dir, 'main', { config: defaultConfig().secrets });
    expect(result.findings.map((f) => [f.file, f.line, f.ruleId])).toEqual([
      ['app/config.py', 3, 'stripe-secret-key'],
      ['keys/deploy.pem', 2, 'private-key-rsa'],
    ]);
    expect(result.diff.files).toBe(3);
    expect(result.stats.filesScanned).toBe(3);
  });

  it('keeps working when main moves on after the branch point', async () => {
    repo.git('checkout', '-q', 'main');
    repo.write('later.txt', `x = "${fakeGithubToken(44)}"\n`).commit('main moves');
    repo.git('checkout', '-q', 'feature');
    const result = await scanAddedLines(repo.dir, 'main');
    expect(result.findings.map((f) => f.file)).toEqual(['app/config.py', 'keys/deploy.pem']);
  });

  it('names a base that does not exist', async () => {
    await expect(scanAddedLines(repo.dir, 'no-such-branch')).rejects.toMatchObject({ code: 'BASE_NOT_FOUND' });
  });
});
