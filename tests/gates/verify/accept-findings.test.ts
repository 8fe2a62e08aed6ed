import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { renderReport } from '../../../gates/evidence/render-report.js';
import { runVerify } from '../../../gates/verify/run-verify.js';
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

const verify = (r: TempRepo, acceptTrailers?: boolean) => runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'integrity', 'secrets'], config: defaultConfig(), ...(acceptTrailers === false ? { acceptTrailers } : {}) });

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
