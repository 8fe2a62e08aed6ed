import { describe, expect, it } from 'vitest';
import { failsStep, readInputs } from '../../action/read-inputs.js';

const from = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('readInputs', () => {
  it('empty inputs mean the defaults: fail on BLOCKED, out .loki/verify, everything else from the config', () => {
    expect(readInputs(from({}))).toEqual({
      base: undefined, head: undefined, gates: undefined, blockOn: undefined, configPath: undefined,
      token: undefined, failOn: ['BLOCKED'], outDir: '.loki/verify', baseline: undefined,
    });
  });

  it('parses lists separated by commas or spaces, verdicts in any case, and booleans', () => {
    const inputs = readInputs(from({ gates: 'diff, secrets integrity', 'block-on': 'critical,high,medium', 'fail-on': 'blocked, concerns', baseline: 'TRUE', base: 'develop', out: 'out/loki' }));
    expect(inputs).toMatchObject({ gates: ['diff', 'secrets', 'integrity'], blockOn: ['critical', 'high', 'medium'], failOn: ['BLOCKED', 'CONCERNS'], baseline: true, base: 'develop', outDir: 'out/loki' });
    expect(readInputs(from({ 'fail-on': 'none' })).failOn).toEqual([]);
  });

  it('names the bad input and the accepted values', () => {
    expect(() => readInputs(from({ gates: 'diff,lint' }))).toThrow(/`gates\[1\]`/);
    expect(() => readInputs(from({ 'fail-on': 'VERIFIED' }))).toThrow(/`fail-on\[0\]`/);
    expect(() => readInputs(from({ baseline: 'yes' }))).toThrow(/`baseline`/);
  });
});

describe('failsStep', () => {
  it('fails on the listed verdicts, and always on ERROR', () => {
    expect(failsStep('BLOCKED', ['BLOCKED'])).toBe(true);
    expect(failsStep('CONCERNS', ['BLOCKED'])).toBe(false);
    expect(failsStep('CONCERNS', ['BLOCKED', 'CONCERNS'])).toBe(true);
    expect(failsStep('VERIFIED', ['BLOCKED', 'CONCERNS'])).toBe(false);
    expect(failsStep('ERROR', [])).toBe(true);
  });
});
