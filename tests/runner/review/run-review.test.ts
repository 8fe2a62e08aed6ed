import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LokiConfigSchema } from '../../../gates/config/schema.js';
import { createProvider } from '../../../runner/providers/create-provider.js';
import { judge } from '../../../runner/review/review-gate.js';
import { runBlindReview, type RunAgent } from '../../../runner/review/run-review.js';
import { withoutSandbox } from '../../support/without-sandbox.js';

/** Scripted reviewers: the `command` provider running a node script that answers on stdout. */
withoutSandbox('scripted agents live and report in temporary folders outside their workspace');
let dir: string;
function reviewer(name: string, source: string): RunAgent {
  const path = join(dir, `${name}.mjs`);
  writeFileSync(path, source);
  const config = LokiConfigSchema.parse({ provider: { name: 'command', command: `node ${JSON.stringify(path)}` } });
  const provider = createProvider('command', config, { PATH: process.env.PATH ?? '' });
  return (request) => provider.run(request);
}
const blockOn = new Set(['critical', 'high'] as const);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'loki-reviewers-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('blind review with scripted reviewers', () => {
  it('passes when every reviewer answers valid JSON with no blocking finding', async () => {
    const runAgent = reviewer('approve', `console.log(JSON.stringify({ verdict: 'pass', summary: 'implements multiply', findings: [{ severity: 'low', message: 'name could be clearer' }] }));\n`);
    const { results } = await runBlindReview({ spec: 'Add multiply', diff: '+export function multiply', reviewers: 3, runAgent, timeoutMs: 20_000 });
    const outcome = judge(results, blockOn);
    expect(results).toHaveLength(3);
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toEqual([]);
    expect(outcome.reason).toMatch(/3 blind reviewers approved; minor remarks: reviewer 1 \(low\): name could be clearer/);
  });

  it('a high finding fails the review and becomes a finding for the next iteration', async () => {
    const runAgent = reviewer('reject', `console.log('Review:\\n\`\`\`json\\n' + JSON.stringify({ verdict: 'fail', summary: 'wrong operator', findings: [{ severity: 'high', file: 'src/math.js', line: 6, message: 'multiply returns a + b' }] }) + '\\n\`\`\`');\n`);
    const outcome = judge((await runBlindReview({ spec: 'Add multiply', diff: 'd', reviewers: 1, runAgent, timeoutMs: 20_000 })).results, blockOn);
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toEqual([{ rule: 'reviewer-finding', severity: 'high', message: 'reviewer 1: multiply returns a + b', key: 'multiply returns a + b', file: 'src/math.js', line: 6 }]);
  });

  it('unparsable output is a failed review, not a pass', async () => {
    const runAgent = reviewer('chatty', `console.log('Looks great, approved!');\n`);
    const outcome = judge((await runBlindReview({ spec: 's', diff: 'd', reviewers: 2, runAgent, timeoutMs: 20_000 })).results, blockOn);
    expect(outcome.status).toBe('fail');
    expect(outcome.reason).toMatch(/reviewer 1 gave no valid answer \(the answer holds no JSON object\)/);
  });

  it('a reviewer that cannot run makes the review inconclusive', async () => {
    const config = LokiConfigSchema.parse({ provider: { name: 'command', command: 'no-such-reviewer-binary-xyz' } });
    const provider = createProvider('command', config, { PATH: process.env.PATH ?? '' });
    const outcome = judge((await runBlindReview({ spec: 's', diff: 'd', reviewers: 1, runAgent: (r) => provider.run(r), timeoutMs: 20_000 })).results, blockOn);
    expect(outcome.status).toBe('inconclusive');
  });

  it('each reviewer sees only the spec and the diff, in an empty folder of its own', async () => {
    const seen = join(dir, 'seen.jsonl');
    const runAgent = reviewer('observer', `import * as fs from 'node:fs';\nconst prompt = fs.readFileSync(0, 'utf8');\nfs.appendFileSync(${JSON.stringify(seen)}, JSON.stringify({ cwd: process.cwd(), files: fs.readdirSync('.'), prompt }) + '\\n');\nconsole.log('{"verdict":"pass","findings":[]}');\n`);
    await runBlindReview({ spec: 'SPEC-TEXT-42', diff: 'DIFF-TEXT-42', reviewers: 2, runAgent, timeoutMs: 20_000 });
    const views = readFileSync(seen, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { cwd: string; files: string[]; prompt: string });
    expect(views).toHaveLength(2);
    expect(new Set(views.map((v) => v.cwd)).size).toBe(2);
    for (const v of views) {
      expect(v.files).toEqual(['REVIEW.md']);
      expect(v.prompt).toContain('SPEC-TEXT-42');
      expect(v.prompt).toContain('DIFF-TEXT-42');
      expect(v.prompt).not.toMatch(/progress|iteration/i);
    }
  });
});
