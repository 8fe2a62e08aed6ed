import type { Severity } from '../config/schema.js';
import type { FindingDraft } from '../verify/gate.js';
import type { Advisory, NpmAuditReport, Vulnerability } from './parse-npm-audit.js';
import type { LockedPackages } from './read-lockfile.js';
import { lineOf } from '../core/line-of.js';

const SEVERITY: Record<Vulnerability['severity'], Severity> = { critical: 'critical', high: 'high', moderate: 'medium', low: 'low', info: 'info' };

export interface ClassifyInput {
  report: NpmAuditReport;
  lockfilePath: string;
  lockfileText: string;
  head: LockedPackages;
  /** The base lockfile; undefined when the change adds the lockfile. */
  base: LockedPackages | undefined;
}

/**
 * One finding per vulnerable package with its own advisories. It is the change's when one of its
 * installed versions is not in the base lockfile; otherwise it was there before (pre-existing).
 * Packages that are only vulnerable through a dependency are covered by that dependency's finding.
 */
export function classifyVulnerabilities(input: ClassifyInput): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const vuln of Object.values(input.report.vulnerabilities)) {
    const advisories = vuln.via.filter((v): v is Advisory => typeof v !== 'string');
    if (advisories.length === 0) continue;
    const installed = vuln.nodes.map((node) => input.head.byNode.get(node)).filter((p) => p !== undefined);
    const versions = [...new Set(installed.map((p) => p.version))];
    const introduced = installed.length > 0 ? installed.some((p) => !input.base?.ids.has(`${p.name}@${p.version}`)) : !hasName(input.base, vuln.name);
    const node = vuln.nodes[0];
    const line = node ? lineOf(input.lockfileText, `"${node}"`) : undefined;
    const titles = advisories.map((a) => `${a.title} (${a.url})`).join('; ');
    const label = `${vuln.name}${versions.length ? `@${versions.join(', ')}` : ''}`;
    findings.push({
      rule: 'vulnerable-dependency',
      severity: SEVERITY[vuln.severity],
      file: input.lockfilePath,
      ...(line ? { line } : {}),
      key: `${vuln.name}@${versions.join(',')}:${advisories.map((a) => String(a.source)).sort().join(',')}`,
      message: `${label} has ${vuln.severity} vulnerabilit${advisories.length === 1 ? 'y' : 'ies'}: ${titles}.${introduced ? '' : ' Already in the base lockfile (pre-existing).'} Fix: ${fixFor(vuln)}.`,
      ...(introduced ? {} : { preExisting: true }),
    });
  }
  return findings;
}

function hasName(lock: LockedPackages | undefined, name: string): boolean {
  if (!lock) return false;
  for (const p of lock.byNode.values()) if (p.name === name) return true;
  return false;
}

function fixFor(vuln: Vulnerability): string {
  const fix = vuln.fixAvailable;
  if (fix && typeof fix === 'object') return `upgrade ${fix.name} to ${fix.version}${fix.isSemVerMajor ? ' (a major version)' : ''} (npm audit fix${fix.isSemVerMajor ? ' --force' : ''})`;
  if (fix === true) return 'run `npm audit fix` and commit the updated lockfile';
  return `no fixed version is published${vuln.range ? ` (affected: ${vuln.range})` : ''}: drop or replace ${vuln.name}`;
}

