import nock from 'nock';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAuditGate } from '../../../gates/checks/audit.js';
import { defaultConfig } from '../../../gates/config/schema.js';
import { runVerify } from '../../../gates/verify/run-verify.js';
import { createTempRepo, type TempRepo } from '../../support/temp-repo.js';
import { ADVISORIES, lockfile, packageJson, startAdvisoryRegistry, type AdvisoryRegistry } from '../audit/advisory-registry.js';
import { gateContext } from './gate-context.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/audit');
const replay = (file: string, exitCode: number) => createAuditGate({ npmAudit: { file: process.execPath, args: [join(FIXTURES, 'print-recorded.mjs'), join(FIXTURES, file), String(exitCode)] } });

let repo: TempRepo | undefined;
afterEach(() => repo?.remove());

/** A project whose base installs `base` and whose branch installs `head`. */
function dependencyChange(base: Record<string, string>, head: Record<string, string>): TempRepo {
  repo?.remove();
  repo = createTempRepo({ 'package.json': packageJson(base), 'package-lock.json': lockfile(base), 'index.js': 'module.exports = 1;\n' });
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit('bump dependencies', { 'package.json': packageJson(head), 'package-lock.json': lockfile(head) });
  return repo;
}

const VULNERABLE = { lodash: '4.17.20', minimist: '1.2.5', 'left-pad': '1.3.0' };

describe('audit gate with recorded npm audit reports', () => {
  it('fails on vulnerabilities the change introduces and names package, advisory and fix', async () => {
    const r = dependencyChange({ 'left-pad': '1.3.0' }, VULNERABLE);
    const outcome = await replay('npm-audit-v2-vulnerable.json', 1).run(await gateContext(r.dir));
    expect(outcome.status).toBe('fail');
    const lodash = outcome.findings?.find((f) => f.message.startsWith('lodash@4.17.20'));
    expect(lodash).toMatchObject({ rule: 'vulnerable-dependency', severity: 'high', file: 'package-lock.json' });
    expect(lodash?.preExisting).toBeUndefined();
    expect(lodash?.message).toContain('GHSA-35jh-r3h4-6jhm');
    expect(lodash?.message).toContain('Fix:');
    expect(outcome.findings?.find((f) => f.message.startsWith('minimist@1.2.5'))?.severity).toBe('critical');
    // The finding points at the package's entry in the lockfile, a line the change added.
    expect(r.git('show', 'HEAD:package-lock.json').split('\n')[(lodash?.line ?? 0) - 1]).toContain('"node_modules/lodash"');
    expect(outcome.steps?.[0]?.exit_code).toBe(1);
  });

  it('reports vulnerabilities already in the base lockfile as pre-existing, and passes', async () => {
    const r = dependencyChange({ lodash: '4.17.20', minimist: '1.2.5' }, VULNERABLE);
    const outcome = await replay('npm-audit-v2-vulnerable.json', 1).run(await gateContext(r.dir));
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toHaveLength(2);
    expect(outcome.findings?.every((f) => f.preExisting === true)).toBe(true);
  });

  it('treats a version bump of a vulnerable package as introduced', async () => {
    const r = dependencyChange({ lodash: '4.17.19', minimist: '1.2.5' }, VULNERABLE);
    const outcome = await replay('npm-audit-v2-vulnerable.json', 1).run(await gateContext(r.dir));
    expect(outcome.status).toBe('fail');
    expect(outcome.findings?.filter((f) => !f.preExisting).map((f) => f.message.split(' ')[0])).toEqual(['lodash@4.17.20']);
  });

  it('passes a clean report', async () => {
    const r = dependencyChange({}, { 'left-pad': '1.3.0' });
    const outcome = await replay('npm-audit-v2-clean.json', 0).run(await gateContext(r.dir));
    expect(outcome).toMatchObject({ status: 'pass', findings: [] });
  });

  it.each([
    ['npm-audit-unreachable.json', 1, /ECONNREFUSED/],
    ['npm-audit-refused.json', 1, /405 Method Not Allowed/],
    ['README.md', 1, /no JSON report/],
  ])('is inconclusive when npm audit could not complete (%s)', async (file, code, reason) => {
    const r = dependencyChange({}, VULNERABLE);
    const outcome = await replay(file, code).run(await gateContext(r.dir));
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toMatch(reason);
    expect(outcome.findings).toEqual([]);
  });

  it('is inconclusive when the report covers none of the locked dependencies', async () => {
    const r = dependencyChange({}, VULNERABLE);
    const empty = JSON.stringify({ auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: { total: 0 }, dependencies: { total: 0 } } });
    const gate = createAuditGate({ npmAudit: { file: process.execPath, args: ['-e', `process.stdout.write(${JSON.stringify(empty)})`] } });
    const outcome = await gate.run(await gateContext(r.dir));
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('proves nothing');
  });

  it('is inconclusive when npm is missing', async () => {
    const r = dependencyChange({}, VULNERABLE);
    const outcome = await createAuditGate({ npmAudit: { file: 'npm-that-is-not-installed', args: [] } }).run(await gateContext(r.dir));
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('install npm');
  });

  it('is skipped when the change touches no lockfile, or the project has none', async () => {
    repo = createTempRepo({ 'package.json': packageJson(VULNERABLE), 'package-lock.json': lockfile(VULNERABLE) });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('code only', { 'index.js': 'module.exports = 2;\n' });
    const unchanged = await replay('npm-audit-v2-vulnerable.json', 1).run(await gateContext(repo.dir));
    expect(unchanged).toMatchObject({ status: 'skipped', reason: expect.stringContaining('dependencies unchanged') });
    repo.remove();
    repo = createTempRepo({ 'a.py': 'print(1)\n' });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('code only', { 'a.py': 'print(2)\n' });
    expect((await replay('npm-audit-v2-vulnerable.json', 1).run(await gateContext(repo.dir))).reason).toContain('no lockfile');
  });

  it('is inconclusive for a pnpm lockfile change (not audited yet), saying what to run', async () => {
    repo = createTempRepo({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('deps', { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\nimporters: {}\n" });
    const outcome = await replay('npm-audit-v2-clean.json', 0).run(await gateContext(repo.dir));
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('pnpm audit');
  });
});

describe('audit gate end to end: runVerify, the real npm, a local advisory registry', () => {
  let registry: AdvisoryRegistry;
  const saved = { registry: process.env.npm_config_registry, offline: process.env.npm_config_offline, retries: process.env.npm_config_fetch_retries };
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    registry = await startAdvisoryRegistry(ADVISORIES);
    process.env.npm_config_fetch_retries = '0';
  });
  afterAll(async () => {
    await registry.close();
    nock.enableNetConnect();
    for (const [key, value] of [['npm_config_registry', saved.registry], ['npm_config_offline', saved.offline], ['npm_config_fetch_retries', saved.retries]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('blocks a change that adds a vulnerable dependency, even with npm configured offline', async () => {
    process.env.npm_config_registry = registry.url;
    // An offline audit would exit 0 with an empty report; the gate must not let config make it so.
    process.env.npm_config_offline = 'true';
    const r = dependencyChange({ 'left-pad': '1.3.0' }, VULNERABLE);
    const evidence = await runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'audit'], config: defaultConfig() });
    delete process.env.npm_config_offline;
    expect(registry.requests.at(-1)?.sort()).toEqual(['left-pad', 'lodash', 'minimist']);
    expect(evidence.verdict).toBe('BLOCKED');
    expect(evidence.gates.find((g) => g.id === 'audit')).toMatchObject({ status: 'fail', exit_code: 1 });
    expect(evidence.findings.filter((f) => f.gate === 'audit' && f.blocking).map((f) => f.severity).sort()).toEqual(['critical', 'high']);
  });

  it('is inconclusive (CONCERNS, never VERIFIED) when the registry is unreachable', async () => {
    process.env.npm_config_registry = 'http://127.0.0.1:9/';
    const r = dependencyChange({}, VULNERABLE);
    const evidence = await runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'audit'], config: defaultConfig() });
    expect(evidence.verdict).toBe('CONCERNS');
    expect(evidence.gates.find((g) => g.id === 'audit')?.reason).toMatch(/could not complete.*ECONNREFUSED/);
  });
});
