import { afterEach, describe, expect, it } from 'vitest';
import { staticGate } from '../../gates/checks/static.js';
import { checkSyntax } from '../../gates/static/check-syntax.js';
import { createReviewGate } from '../../runner/review/review-gate.js';
import type { AgentRequest, AgentResult } from '../../runner/providers/provider.js';
import { gateContext } from '../support/gate-context.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

/**
 * Attack: hide the broken part of a change behind a cap. A check that stops after N files, or a
 * reviewer shown the first N characters, must say so and must not pass what it never looked at.
 */
describe('attack: a capped check passes what it never looked at', () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.remove());

  function changeWith(files: Record<string, string>): TempRepo {
    repo = createTempRepo({ 'README.md': '# demo\n' });
    repo.git('checkout', '-q', '-b', 'change');
    repo.commit('change', files);
    return repo;
  }

  it('a broken JSON file after 500 harmless ones is still parsed and found', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 500; i += 1) files[`data/a${String(i).padStart(3, '0')}.json`] = `{"n": ${i}}\n`;
    files['data/zz-broken.json'] = '{"n": \n';
    const r = changeWith(files);
    const outcome = await staticGate.run(await gateContext(r.dir));
    expect(outcome.status).toBe('fail');
    expect(outcome.findings?.map((f) => f.file)).toContain('data/zz-broken.json');
  });

  it('JavaScript syntax checks that stop at their cap say how many files they left unchecked, and are inconclusive', async () => {
    const r = changeWith({ 'src/a.js': 'module.exports = 1;\n', 'src/b.js': 'module.exports = 2;\n', 'src/c.js': 'module.exports = (;\n' });
    const ctx = await gateContext(r.dir);
    const results = await checkSyntax({ cwd: r.dir, files: ctx.diff.files, mergeBaseSha: ctx.diff.mergeBaseSha, linted: new Set(), signal: ctx.signal, timeoutMs: 30_000, maxScriptFiles: 2 });
    const js = results.find((x) => x.name === 'node --check');
    expect(js?.inconclusive).toMatch(/checked 2 of 3 JavaScript files.*not checked: src\/c\.js/);
  });

  it('reviewers given a cut diff are told so, and the review gate says so instead of passing', async () => {
    const big = Array.from({ length: 4_000 }, (_, i) => `export const value${i} = 'xxxxxxxx' + ${i}; // ${'padding '.repeat(4)}`).join('\n');
    const r = changeWith({ 'src/big.js': `${big}\n`, 'src/zz-hidden.js': 'export const hidden = eval(process.env.PAYLOAD);\n' });
    const prompts: string[] = [];
    const runAgent = async (request: AgentRequest): Promise<AgentResult> => {
      prompts.push(request.prompt);
      return { provider: 'command', ok: true, text: '{"verdict":"pass","summary":"fine","findings":[]}', durationMs: 1, exitCode: 0 };
    };
    const gate = createReviewGate({ spec: 'Add values.', reviewers: 1, reviewer: { kind: 'agent', provider: 'command', runAgent }, timeoutMs: 10_000 });
    const outcome = await gate.run(await gateContext(r.dir));
    expect(prompts).toHaveLength(1);
    // Told before the diff, in words, with what was left out.
    const beforeDiff = prompts[0]!.split('<<<DIFF')[0]!;
    expect(beforeDiff).toMatch(/diff is incomplete/i);
    expect(beforeDiff).toContain('src/zz-hidden.js');
    expect(outcome.status).not.toBe('pass');
    expect(outcome.reason).toMatch(/cut at 150,000 characters/);
    expect(outcome.reason).toContain('src/zz-hidden.js');
  });
});
