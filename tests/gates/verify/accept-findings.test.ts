import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { renderReport } from '../../../gates/evidence/render-report.js';
import { runVerify } from '../../../gates/verify/run-verify.js';
import { execFileSync } from 'node:child_process';
import { parseAcceptance, readAcceptances, type PullAcceptances } from '../../../gates/verify/accept-findings.js';
import { pathologicalLine } from '../../support/pathological-lines.js';
import { createTempRepo, type TempRepo } from '../../support/temp-repo.js';

/** `Loki-Accept:` trailers, read by git from the change's real commits. */
const MATH = 'export const add = (a, b) => a + b;\n';
const HELPER = 'export const pad = (s) => ` ${s}`;\n';
const TEST = (subject: string, name: string) => `import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport * as m from '../src/${subject}.js';\ntest('${name}', () => { assert.equal(typeof m, 'object'); assert.ok(Object.keys(m).length > 0); });\n`;

let repo: TempRepo | undefined;
afterEach(() => repo?.remove());

function change(message: string, remove: string[], files: Record<string, string> = { 'README.md': '# demo\nchanged\n' }): TempRepo {
  repo = createTempRepo({ 'package.json': '{"name":"demo","type":"module"}\n', 'src/math.js': MATH, 'src/helper.js': HELPER, 'test/math.test.js': TEST('math', 'adds'), 'test/helper.test.js': TEST('helper', 'pads'), 'README.md': '# demo\n' });
  repo.git('checkout', '-q', '-b', 'feature');
  for (const path of remove) repo.git('rm', '-q', path);
  repo.commit(message, files);
  return repo;
}

const verify = (r: TempRepo, acceptTrailers?: boolean, acceptances?: PullAcceptances) => runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'integrity', 'secrets'], config: defaultConfig(), ...(acceptTrailers === false ? { acceptTrailers } : {}), ...(acceptances ? { acceptances } : {}) });

describe('Loki-Accept trailers', () => {
  it('accept a high integrity finding by rule and file: not blocking, recorded with who and why, and never VERIFIED', async () => {
    const r = change('Drop the math tests\n\nThey move to the e2e suite.\n\nLoki-Accept: test-deleted test/math.test.js (moved to the e2e suite)', ['test/math.test.js']);
    const before = await verify(r, false);
    expect(before.verdict).toBe('BLOCKED');
    const evidence = await verify(r);
    expect(evidence.verdict).toBe('CONCERNS');
    const finding = evidence.findings.find((f) => f.rule === 'test-deleted')!;
    expect(finding).toMatchObject({ severity: 'high', blocking: false, file: 'test/math.test.js', accepted: { by: 'Test <test@example.com>', why: 'moved to the e2e suite' } });
    expect(finding.accepted?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(renderReport(evidence)).toContain('accepted by Test &lt;test@example.com&gt;');
  });

  it('accept only what they name: another file, or another rule, still blocks', async () => {
    const r = change('Drop tests\n\nLoki-Accept: test-deleted test/helper.test.js', ['test/math.test.js']);
    expect((await verify(r)).verdict).toBe('BLOCKED');
  });

  it('attack: a trailer cannot accept a secret, whatever it names', async () => {
    const key = ['sk', 'live', '51H8cGfKx7Lq2Vd9Rt3Wm6Zp0Yb4Na8Ec5Fu1Jo7Ki9Lh2Mg'].join('_');
    const r = change('config\n\nLoki-Accept: secret-stripe-live-key config.js\nLoki-Accept: stripe-live-key config.js', [], { 'config.js': `export const stripe = '${key}';\n` });
    const evidence = await verify(r);
    expect(evidence.verdict).toBe('BLOCKED');
    expect(evidence.findings.filter((f) => f.gate === 'secrets').every((f) => f.blocking && !f.accepted)).toBe(true);
  });

  it('a trailer that names no rule and file accepts nothing, and says how to write it', async () => {
    const r = change('Drop tests\n\nLoki-Accept: yes please', ['test/math.test.js']);
    const evidence = await verify(r);
    expect(evidence.verdict).toBe('BLOCKED');
    expect(evidence.findings.find((f) => f.rule === 'accept-trailer-unreadable')?.message).toContain('Loki-Accept: <rule> <file> (why)');
  });
});

describe('acceptances read from the pull request (the App and the Action)', () => {
  const TRAILER = 'Drop the math tests\n\nLoki-Accept: test-deleted test/math.test.js (moved)';

  it('a `/loki accept` comment of a person with write access accepts the finding it names, recorded with who and where', async () => {
    const r = change('Drop the math tests', ['test/math.test.js']);
    const url = 'https://github.test/o/r/pull/3#issuecomment-7';
    const evidence = await verify(r, true, { comments: [{ rule: 'test-deleted', by: '@maintainer (write)', comment_url: url, why: 'moved' }], refused: [] });
    expect(evidence.verdict).toBe('CONCERNS');
    expect(evidence.findings.find((f) => f.rule === 'test-deleted')?.accepted).toEqual({ by: '@maintainer (write)', comment_url: url, why: 'moved' });
    expect(renderReport(evidence)).toContain('accepted by @maintainer (write) in a comment: moved');
  });

  it("attack: a trailer in a commit nobody with write access vouches for (a fork's, unsigned) accepts nothing, and says so", async () => {
    const r = change(TRAILER, ['test/math.test.js']);
    const evidence = await verify(r, true, { comments: [], trusted_commits: [], refused: [] });
    expect(evidence.verdict).toBe('BLOCKED');
    expect(evidence.findings.find((f) => f.rule === 'test-deleted')).toMatchObject({ blocking: true });
    expect(evidence.findings.find((f) => f.rule === 'accept-refused')?.message).toContain('cannot tie that commit to a person with write access');
    const head = r.git('rev-parse', 'HEAD').trim();
    expect((await verify(r, true, { comments: [], trusted_commits: [head], refused: [] })).verdict).toBe('CONCERNS');
  });

  it('refusals and acceptances that match nothing are notes in the evidence, never silent', async () => {
    const r = change('Drop tests\n\nLoki-Accept: test-deleted test/mth.test.js', ['test/math.test.js']);
    const evidence = await verify(r, true, { comments: [{ rule: 'test-delted', by: '@maintainer (write)', comment_url: 'u' }], refused: [{ what: "@visitor's `/loki accept test-deleted`", reason: 'accepting a finding needs write access' }] });
    expect(evidence.verdict).toBe('BLOCKED');
    const notes = evidence.findings.filter((f) => f.rule.startsWith('accept-')).map((f) => f.message);
    expect(notes).toEqual([
      expect.stringContaining("@visitor's `/loki accept test-deleted` accepts nothing: accepting a finding needs write access"),
      expect.stringContaining("@maintainer (write)'s `/loki accept test-delted` matches no finding"),
      expect.stringContaining('"Loki-Accept: test-deleted test/mth.test.js"'),
    ]);
    expect(evidence.findings.filter((f) => f.rule.startsWith('accept-')).every((f) => f.severity === 'low' && !f.blocking)).toBe(true);
  });

  it("attack: a stranger's `/loki accept` on a clean change adds no note, so it cannot turn VERIFIED into CONCERNS", async () => {
    const r = change('Docs only', []);
    const acceptances = { comments: [{ rule: 'test-deleted', by: '@maintainer (write)' }], refused: [{ what: "@visitor's `/loki accept`", reason: 'needs write access' }] };
    const evidence = await verify(r, true, acceptances);
    expect(evidence.findings).toEqual([]);
    expect(evidence.verdict).toBe('VERIFIED');
  });

  it('attack: 100 KB of whitespace and words is read in one pass', () => {
    for (const [prefix, fill] of [['test-deleted ', ' '], ['test-deleted a/b ', 'x '], ['', 'a'], ['test-deleted (', '( ']] as const) {
      const value = pathologicalLine(prefix, fill);
      const parsed = parseAcceptance(value, false);
      if (parsed?.why) expect(parsed.why.length).toBeLessThanOrEqual(300);
    }
    expect(parseAcceptance('test-deleted test/a.test.js (gone with its helper)', true)).toEqual({ rule: 'test-deleted', file: 'test/a.test.js', why: 'gone with its helper' });
    expect(parseAcceptance('test-deleted', true)).toBeUndefined();
    expect(parseAcceptance('test-deleted', false)).toEqual({ rule: 'test-deleted' });
  });
});

describe('readAcceptances', () => {
  it('reads the newest 500 commits and says when there were more, instead of silently dropping the rest', async () => {
    repo = createTempRepo({ 'README.md': '# demo\n' });
    const base = repo.git('rev-parse', 'HEAD').trim();
    // 501 commits through git fast-import (one process, not 501): the oldest carries the trailer.
    const stream = Array.from({ length: 501 }, (_, i) => {
      const message = i === 0 ? 'old\n\nLoki-Accept: test-deleted test/a.test.js\n' : `commit ${i}\n`;
      return `commit refs/heads/long\nmark :${i + 1}\ncommitter Test <test@example.com> ${1_700_000_000 + i} +0000\ndata ${Buffer.byteLength(message)}\n${message}from ${i === 0 ? base : ':' + i}\n\n`;
    }).join('');
    execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.dir, input: stream });
    const head = repo.git('rev-parse', 'refs/heads/long').trim();
    const read = await readAcceptances(repo.dir, base, head);
    expect(read.truncated).toBe(true);
    expect(read.acceptances).toEqual([]);
    const short = await readAcceptances(repo.dir, base, repo.git('rev-parse', 'refs/heads/long~1').trim());
    expect(short.truncated).toBe(false);
  });
});
