import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import type { Gate, GateOutcome } from '../../../gates/verify/gate.js';
import { runVerify, type VerifyEvent } from '../../../gates/verify/run-verify.js';
import { createTempRepo, type TempRepo } from '../../support/temp-repo.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.remove());

function changedRepo(): TempRepo {
  repo = createTempRepo({ 'a.txt': 'one\n' });
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit('change', { 'a.txt': 'one\ntwo\n' });
  return repo;
}

/** A stand-in for the model-backed `review` gate: the one id the engine lets callers add. */
function reviewGate(run: Gate['run'], dependsOn: Gate['dependsOn'] = []): Gate {
  return { id: 'review', dependsOn, run };
}

const found = (severity: 'medium' | 'high', preExisting = false): GateOutcome => ({
  status: 'fail',
  reason: 'found something',
  findings: [{ rule: 'r1', severity, message: 'bad line', file: 'a.txt', line: 2, key: 'two', preExisting }],
});

describe('runVerify', () => {
  it('records every selected gate with its status and duration, and passes when they pass', async () => {
    const r = changedRepo();
    const evidence = await runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'review'], config: defaultConfig(), extraGates: [reviewGate(async () => ({ status: 'pass', reason: 'looked fine', command: 'review', exitCode: 0 }))] });
    expect(evidence.verdict).toBe('VERIFIED');
    expect(evidence.exit_code).toBe(0);
    expect(evidence.gates.map((g) => [g.id, g.status])).toContainEqual(['review', 'pass']);
    expect(evidence.gates.find((g) => g.id === 'build')).toMatchObject({ status: 'skipped', reason: 'not selected' });
    expect(evidence.subject.head_sha).toBe(r.git('rev-parse', 'HEAD').trim());
    expect(evidence.subject.diff_stats).toEqual({ files: 1, additions: 1, deletions: 0 });
  });

  it('runs a gate after the gates it depends on and hands it their outcome', async () => {
    const r = changedRepo();
    const events: VerifyEvent[] = [];
    let seen: GateOutcome | undefined;
    await runVerify({
      cwd: r.dir, base: 'main', gates: ['diff', 'review'], config: defaultConfig(), onEvent: (e) => events.push(e),
      extraGates: [reviewGate(async (ctx) => ((seen = ctx.dependency('diff')), { status: 'pass', reason: 'ok' }), ['diff'])],
    });
    expect(seen?.status).toBe('pass');
    const order = events.filter((e) => e.type === 'gate-end').map((e) => (e as { id: string }).id);
    expect(order.indexOf('diff')).toBeLessThan(order.indexOf('review'));
  });

  it('blocks on the configured severities, and never on pre-existing findings', async () => {
    const r = changedRepo();
    const medium = [reviewGate(async () => found('medium'))];
    expect((await runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'review'], config: defaultConfig(), extraGates: medium })).verdict).toBe('CONCERNS');
    const strict = await runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'review'], blockOn: ['medium'], config: defaultConfig(), extraGates: medium });
    expect(strict.verdict).toBe('BLOCKED');
    expect(strict.exit_code).toBe(2);
    expect(strict.findings[0]).toMatchObject({ gate: 'review', rule: 'r1', file: 'a.txt', line: 2, blocking: true, pre_existing: false });
    const old = await runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'review'], config: defaultConfig(), extraGates: [reviewGate(async () => found('high', true))] });
    expect(old.findings[0]).toMatchObject({ blocking: false, pre_existing: true });
  });

  it('gives findings ids that survive line shifts and rewording', async () => {
    const r = changedRepo();
    const at = (line: number, message: string): Gate =>
      reviewGate(async () => ({ status: 'fail', reason: 'x', findings: [{ rule: 'r1', severity: 'high', message, file: 'a.txt', line, key: 'two' }] }));
    const a = await runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'review'], config: defaultConfig(), extraGates: [at(2, 'bad line')] });
    const b = await runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'review'], config: defaultConfig(), extraGates: [at(9, 'a bad line, reworded')] });
    expect(a.findings[0]!.id).toMatch(/^[0-9a-f]{16}$/);
    expect(a.findings[0]!.id).toBe(b.findings[0]!.id);
  });

  it('turns a crashing gate into an inconclusive one, never a pass', async () => {
    const r = changedRepo();
    const evidence = await runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'review'], config: defaultConfig(), extraGates: [reviewGate(async () => { throw new Error('boom'); })] });
    expect(evidence.gates.find((g) => g.id === 'review')).toMatchObject({ status: 'inconclusive', reason: 'the review gate crashed: boom' });
    expect(evidence.verdict).toBe('CONCERNS');
  });

  it('calls an empty diff CONCERNS and runs no other gate', async () => {
    repo = createTempRepo();
    let ran = false;
    const evidence = await runVerify({ cwd: repo.dir, base: 'main', gates: ['diff', 'review'], config: defaultConfig(), extraGates: [reviewGate(async () => ((ran = true), { status: 'pass', reason: 'ok' }))] });
    expect(evidence.verdict).toBe('CONCERNS');
    expect(evidence.exit_code).toBe(1);
    expect(ran).toBe(false);
    expect(evidence.gates.find((g) => g.id === 'review')?.status).toBe('skipped');
  });

  it('is an ERROR with the fix when the subject cannot be resolved, or the config is invalid', async () => {
    const r = changedRepo();
    const missing = await runVerify({ cwd: r.dir, base: 'release', gates: ['diff'] });
    expect(missing).toMatchObject({ verdict: 'ERROR', exit_code: 3, error: { code: 'BASE_NOT_FOUND' } });
    r.commit('bad config', { '.github/loki.yml': 'verify:\n  block_on: [severe]\n' });
    const invalid = await runVerify({ cwd: r.dir, base: 'main', gates: ['diff'] });
    expect(invalid.error?.code).toBe('CONFIG_INVALID');
    expect(invalid.summary).toContain('verify.block_on[0]');
  });

  it('passes the configured per-gate timeout to the gate', async () => {
    const r = changedRepo();
    const config = defaultConfig();
    // The review gate has no entry of its own, so it gets the configured default (not the built-in 15).
    config.verify.timeout_minutes = { default: 7, tests: 2 };
    let timeout = 0;
    await runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'review'], config, extraGates: [reviewGate(async (ctx) => ((timeout = ctx.timeoutMs), { status: 'pass', reason: 'ok' }))] });
    expect(timeout).toBe(7 * 60_000);
  });
});

describe('runVerify policy', () => {
  it('judges a change by the merge-base config, so the change cannot relax its own gates', async () => {
    repo = createTempRepo({ 'a.txt': 'one\n', '.github/loki.yml': 'verify:\n  block_on: [critical, high, medium]\n' });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('relax the gates', { 'a.txt': 'one\ntwo\n', '.github/loki.yml': 'verify:\n  block_on: [critical]\n' });
    const evidence = await runVerify({ cwd: repo.dir, base: 'main', gates: ['diff', 'review'], extraGates: [reviewGate(async () => found('medium'))] });
    expect(evidence.verdict).toBe('BLOCKED');
  });
});
