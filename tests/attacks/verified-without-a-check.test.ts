import { afterEach, describe, expect, it } from 'vitest';
import { secretsGate } from '../../gates/checks/secrets.js';
import { runVerify } from '../../gates/verify/run-verify.js';
import { gateContext } from '../support/gate-context.js';
import { runCli } from '../support/run-cli.js';
import { TempRepo } from '../gates/secrets/temp-repo.js';

/** Attack: ask for only the gates that check nothing, and collect a VERIFIED. */
describe('attack: VERIFIED without a check', () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.remove());

  it('--gates diff is CONCERNS: the diff gate only says that a change exists', async () => {
    repo = new TempRepo().init();
    repo.write('src/app.js', 'export const n = 1;\n').commit('base');
    repo.git('checkout', '-q', '-b', 'change');
    repo.write('src/app.js', 'export const n = 2;\n').commit('change');
    const evidence = await runVerify({ cwd: repo.dir, base: 'main', gates: ['diff'] });
    expect(evidence.gates.find((g) => g.id === 'diff')?.status).toBe('pass');
    expect(evidence.verdict).toBe('CONCERNS');
    expect(evidence.exit_code).toBe(1);
  });

  it.each([[''], [','], [' , ']])('--gates %j selects no gate: a usage error that says so, never a verdict', (list) => {
    repo = new TempRepo().init();
    repo.write('src/app.js', 'export const n = 1;\n').commit('base');
    repo.git('checkout', '-q', '-b', 'change');
    repo.write('src/app.js', 'export const n = 2;\n').commit('change');
    const run = runCli(['verify', '--base', 'main', '--gates', list, '--json'], { cwd: repo.dir });
    expect(run.code).toBe(3);
    expect(run.stdout).not.toMatch(/VERIFIED/);
    expect(run.stderr).toMatch(/--gates names no gate/);
    expect(run.stderr).toMatch(/Fix: .*leave out --gates/);
  });

  it('a secrets gate that could scan none of the changed files is skipped with the reason, not passed', async () => {
    repo = new TempRepo().init();
    repo.write('src/app.js', 'export const n = 1;\n').commit('base');
    repo.git('checkout', '-q', '-b', 'change');
    repo.write('package-lock.json', '{ "lockfileVersion": 3, "packages": {} }\n').commit('only a lock file');
    const outcome = await secretsGate.run(await gateContext(repo.dir));
    expect(outcome.status).toBe('skipped');
    expect(outcome.reason).toMatch(/none of the 1 changed file is scannable/);
  });
});
