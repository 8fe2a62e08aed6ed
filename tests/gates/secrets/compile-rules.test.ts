import { describe, expect, it } from 'vitest';
import { compileRules, countCaptureGroups } from '../../../gates/secrets/compile-rules.js';
import { defaultRuleSources } from '../../../gates/secrets/rule-sources.js';
import { isWorkerModuleUrl, workerExecArgv } from '../../../gates/secrets/spawn-scan-worker.js';

describe('compileRules', () => {
  it('counts capture groups as the regex engine does', () => {
    for (const rule of defaultRuleSources()) {
      const actual = new RegExp(`${rule.regex}|`, rule.flags).exec('')!.length - 1;
      expect(countCaptureGroups(rule.regex), rule.id).toBe(actual);
    }
    expect(countCaptureGroups('(a)(?:b)(?<n>c)(?<=d)(?<!e)[(]\\(')).toBe(2);
  });

  it('turns a broken rule into a warning and keeps the others', () => {
    const set = compileRules([
      { id: 'broken', description: 'x', keywords: ['x'], regex: '(unclosed' },
      { id: 'bad-group', description: 'x', keywords: ['y'], regex: 'abc', secretGroup: 2 },
      { id: 'ok', description: 'x', keywords: ['ok_'], regex: 'ok_(\\d{4})' },
    ]);
    expect(set.rules.map((r) => r.source.id)).toEqual(['ok']);
    expect(set.warnings).toEqual([expect.stringMatching(/^rule broken skipped: /), 'rule bad-group skipped: secretGroup 2 but the regex has 0 group(s)']);
  });

  it('runs a rule with a non-ASCII keyword on every file instead of never', () => {
    const set = compileRules([{ id: 'u', description: 'x', keywords: ['clé'], regex: 'clé=(\\w{8})' }]);
    expect(set.alwaysRun).toEqual([0]);
  });
});

describe('worker start-up', () => {
  it('starts workers only on the worker module, never on a bundle entry that inlined it', () => {
    expect(isWorkerModuleUrl('file:///repo/gates/secrets/scan-worker.ts')).toBe(true);
    expect(isWorkerModuleUrl('file:///pkg/dist/cli/chunks/scan-worker-EGWSPZ5M.js')).toBe(true);
    expect(isWorkerModuleUrl('file:///repo/dist/action.js')).toBe(false);
    expect(isWorkerModuleUrl('file:///pkg/dist/cli/chunks/chunk-GTVBNETB.js')).toBe(false);
  });

  it('drops flags that only apply to an eval main script', () => {
    expect(workerExecArgv(['--input-type=module', '-e', 'code', '--max-old-space-size=512', '--eval=x', '--input-type', 'commonjs'])).toEqual(['--max-old-space-size=512']);
  });
});
