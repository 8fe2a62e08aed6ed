import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyVulnerabilities } from '../../../gates/audit/classify-vulnerabilities.js';
import { parseNpmAudit, type NpmAuditReport } from '../../../gates/audit/parse-npm-audit.js';
import { readLockfile } from '../../../gates/audit/read-lockfile.js';
import { lockfile } from './advisory-registry.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/audit');
const recorded = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

describe('parseNpmAudit', () => {
  it('reads a recorded v2 report', () => {
    const parsed = parseNpmAudit(recorded('npm-audit-v2-vulnerable.json'));
    expect(parsed.ok && Object.keys(parsed.report.vulnerabilities).sort()).toEqual(['lodash', 'minimist']);
  });

  it('turns error documents and other report versions into a problem, not a clean report', () => {
    expect(parseNpmAudit(recorded('npm-audit-unreachable.json'))).toMatchObject({ ok: false, problem: expect.stringContaining('ECONNREFUSED') });
    expect(parseNpmAudit('{"auditReportVersion":1,"advisories":{}}')).toMatchObject({ ok: false, problem: expect.stringContaining('auditReportVersion 1') });
    expect(parseNpmAudit('')).toMatchObject({ ok: false });
  });
});

describe('readLockfile', () => {
  it('reads lockfile v3 packages, including nested ones, and skips workspace links', () => {
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'x' }, 'node_modules/a': { version: '1.0.0' }, 'node_modules/a/node_modules/b': { version: '2.0.0' }, 'node_modules/w': { link: true, resolved: 'packages/w' } } });
    expect([...(readLockfile(lock)?.ids ?? [])].sort()).toEqual(['a@1.0.0', 'b@2.0.0']);
  });

  it('reads lockfile v1 nested dependencies', () => {
    const lock = JSON.stringify({ lockfileVersion: 1, dependencies: { a: { version: '1.0.0', dependencies: { b: { version: '2.0.0' } } } } });
    const read = readLockfile(lock);
    expect(read?.byNode.get('node_modules/a/node_modules/b')).toEqual({ name: 'b', version: '2.0.0' });
  });

  it('rejects text that is not a lockfile', () => {
    expect(readLockfile('not json')).toBeUndefined();
  });
});

describe('classifyVulnerabilities', () => {
  const head = lockfile({ lodash: '4.17.20', express: '4.0.0' });
  const report = (): NpmAuditReport => {
    const parsed = parseNpmAudit(recorded('npm-audit-v2-vulnerable.json'));
    if (!parsed.ok) throw new Error(parsed.problem);
    const lodash = parsed.report.vulnerabilities.lodash!;
    // A package vulnerable only through lodash: covered by lodash's own finding.
    parsed.report.vulnerabilities.express = { ...lodash, name: 'express', via: ['lodash'], nodes: ['node_modules/express'], fixAvailable: { name: 'express', version: '4.21.0', isSemVerMajor: false } };
    return parsed.report;
  };

  it('reports one finding per package with its own advisories, with a stable key and a fix', () => {
    const findings = classifyVulnerabilities({ report: report(), lockfilePath: 'package-lock.json', lockfileText: head, head: readLockfile(head)!, base: undefined });
    expect(findings.map((f) => f.message.split(' ')[0])).toEqual(['lodash@4.17.20', 'minimist']);
    expect(findings[0]?.key).toBe('lodash@4.17.20:1106913,1106914');
    expect(findings[0]?.message).toContain('no fixed version is published');
  });

  it('maps npm severities onto Loki severities', () => {
    const findings = classifyVulnerabilities({ report: report(), lockfilePath: 'package-lock.json', lockfileText: head, head: readLockfile(head)!, base: undefined });
    expect(findings.map((f) => f.severity)).toEqual(['high', 'critical']);
    const moderate = report();
    moderate.vulnerabilities.lodash!.severity = 'moderate';
    expect(classifyVulnerabilities({ report: moderate, lockfilePath: 'p', lockfileText: head, head: readLockfile(head)!, base: undefined })[0]?.severity).toBe('medium');
  });
});
