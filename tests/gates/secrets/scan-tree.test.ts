import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanTree } from '../../../gates/secrets/index.js';
import { fakeGithubToken, fakePem, fakeStripeKey, TempRepo } from './temp-repo.js';

describe('full-tree scan', () => {
  const repo = new TempRepo().init();

  beforeAll(() => {
    for (let i = 0; i < 320; i++) repo.write(`src/mod${i % 8}/file${i}.ts`, `export const value${i} = ${i};\n`.repeat(5));
    repo.write('src/mod1/keys.ts', `export const gh = "${fakeGithubToken(31)}";\n`);
    repo.write('deploy/id_rsa', `${fakePem(32)}\n`);
    repo.write('ignored/out.env', `STRIPE=${fakeStripeKey(33)}\n`);
    repo.write('.gitignore', 'ignored/\n');
    repo.commit('tree');
    repo.write('untracked.py', `key = "${fakeStripeKey(34)}"\n`);
  });
  afterAll(() => repo.remove());

  const expected = [
    ['deploy/id_rsa', 2, 'private-key-rsa'],
    ['src/mod1/keys.ts', 1, 'github-pat'],
    ['untracked.py', 1, 'stripe-secret-key'],
  ];
  const summary = (r: Awaited<ReturnType<typeof scanTree>>) => r.findings.map((f) => [f.file, f.line, f.ruleId]);

  it('scans tracked and untracked files, not ignored ones, on worker threads', async () => {
    const result = await scanTree(repo.dir, { workers: 2 });
    expect(result.warnings).toEqual([]);
    expect(result.stats.workers).toBe(2);
    expect(result.stats.filesScanned).toBe(324);
    expect(summary(result)).toEqual(expected);
  });

  it('finds the same in one thread', async () => {
    const result = await scanTree(repo.dir, { workers: 0 });
    expect(result.stats.workers).toBe(0);
    expect(summary(result)).toEqual(expected);
  });

  it('falls back to in-process scanning when workers cannot start', async () => {
    const result = await scanTree(repo.dir, {
      workers: 2,
      spawnWorker: () => Promise.reject(new Error('no worker file')),
    });
    expect(result.stats.workers).toBe(0);
    expect(result.warnings.join()).toMatch(/worker threads unavailable \(no worker file\)/);
    expect(summary(result)).toEqual(expected);
  });

  it('scans only the given paths', async () => {
    const result = await scanTree(repo.dir, { paths: ['deploy', 'src/mod2'], workers: 0 });
    expect(summary(result)).toEqual([expected[0]]);
    expect(result.stats.filesScanned).toBe(41);
  });

  it('names a path that does not exist', async () => {
    await expect(scanTree(repo.dir, { paths: ['nope'] })).rejects.toMatchObject({ code: 'USAGE', fix: expect.any(String) });
  });
});
