import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { classifyVulnerabilities } from '../audit/classify-vulnerabilities.js';
import { changedLockfiles, lockKind } from '../audit/find-lockfiles.js';
import { parseNpmAudit } from '../audit/parse-npm-audit.js';
import { readLockfile } from '../audit/read-lockfile.js';
import { projectCommandEnv } from '../core/project-command-env.js';
import { describeFailure, describeTruncation, runCommand } from '../core/run-command.js';
import { listFiles, showFile } from '../git/git.js';
import type { ChangedFile } from '../git/parse-diff.js';
import type { FindingDraft, Gate, GateContext, GateOutcome, GateStep } from '../verify/gate.js';

export interface AuditGateOptions {
  /**
   * The npm audit command (file and arguments), run in the lockfile's directory. Tests replace it
   * with a process that prints a recorded report; the default asks the registry. `--offline=false`
   * because an offline audit exits 0 with an empty report: a silent false pass.
   */
  npmAudit?: { file: string; args: readonly string[] };
}

const DEFAULT_NPM_AUDIT = { file: 'npm', args: ['audit', '--json', '--package-lock-only', '--offline=false'] } as const;

interface LockAudit {
  findings: FindingDraft[];
  step?: GateStep;
  logSha256?: string;
  inconclusive?: string;
}

/** Known vulnerabilities in the dependencies the change introduces (compared with the base lockfile). */
export function createAuditGate(options: AuditGateOptions = {}): Gate {
  const npmAudit = options.npmAudit ?? DEFAULT_NPM_AUDIT;
  return {
    id: 'audit',
    async run(ctx) {
      const changed = changedLockfiles(ctx.diff.files);
      if (changed.length === 0) {
        const any = (await listFiles(ctx.cwd, ctx.diff.headSha)).some((p) => lockKind(p) !== undefined);
        return { status: 'skipped', reason: any ? 'dependencies unchanged: the change touches no lockfile' : 'no lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock) to audit' };
      }
      const audits: LockAudit[] = [];
      for (const { file, kind } of changed) {
        ctx.progress(`auditing ${file.path}`);
        audits.push(kind === 'npm' ? await auditNpmLock(ctx, file, npmAudit) : { findings: [], inconclusive: `${file.path}: ${kind} lockfiles are not audited yet (run \`${kind} audit\` yourself, or commit a package-lock.json)` });
      }
      return decide(audits);
    },
  };
}

export const auditGate: Gate = createAuditGate();

async function auditNpmLock(ctx: GateContext, file: ChangedFile, command: { file: string; args: readonly string[] }): Promise<LockAudit> {
  const text = await readFile(join(ctx.cwd, file.path), 'utf8').catch(() => undefined);
  const head = text === undefined ? undefined : readLockfile(text);
  if (!head || text === undefined) return { findings: [], inconclusive: `${file.path} is not a readable npm lockfile: fix or regenerate it (npm install)` };
  const baseText = file.status === 'added' ? undefined : await showFile(ctx.cwd, ctx.diff.mergeBaseSha, file.oldPath ?? file.path);
  const base = baseText === undefined ? undefined : readLockfile(baseText);

  // npm reads the project's .npmrc (which may expand ${VAR} into a registry's auth header): project input, so sandboxed.
  const result = await runCommand(command.file, command.args, { cwd: dirname(join(ctx.cwd, file.path)), signal: ctx.signal, timeoutMs: ctx.timeoutMs, env: projectCommandEnv(), replaceEnv: true, sandbox: { purpose: 'audit' } });
  const step: GateStep = { name: `npm audit ${file.path}`, command: result.command, exit_code: result.exitCode, duration_ms: result.durationMs };
  const ran = { step, logSha256: result.logSha256 };
  if (result.spawnError || result.timedOut || result.cancelled || result.exitCode === null) {
    return { ...ran, findings: [], inconclusive: `${file.path}: ${describeFailure(result)}${result.spawnError ? ' (install npm to audit dependencies)' : ''}` };
  }
  const cut = describeTruncation(result);
  if (cut) return { ...ran, findings: [], inconclusive: `${file.path}: ${cut}` };
  const parsed = parseNpmAudit(result.stdout);
  if (!parsed.ok) return { ...ran, findings: [], inconclusive: `${file.path}: ${parsed.problem} (exit ${result.exitCode}); check the registry and network, then run again` };
  if (parsed.report.metadata.dependencies.total === 0 && head.byNode.size > 0) {
    return { ...ran, findings: [], inconclusive: `${file.path}: npm audit reported on no dependencies although the lockfile lists ${head.byNode.size} (an offline or empty audit proves nothing); run it with registry access` };
  }
  const found = Object.keys(parsed.report.vulnerabilities).length;
  if (result.exitCode !== 0 && found === 0) {
    return { ...ran, findings: [], inconclusive: `${file.path}: npm audit exited ${result.exitCode} with no vulnerabilities in its report: ${result.stderr.trim().split('\n')[0] ?? ''}` };
  }
  return { ...ran, findings: classifyVulnerabilities({ report: parsed.report, lockfilePath: file.path, lockfileText: text, head, base }) };
}

function decide(audits: LockAudit[]): GateOutcome {
  const findings = audits.flatMap((a) => a.findings);
  const steps = audits.flatMap((a) => (a.step ? [a.step] : []));
  const introduced = findings.filter((f) => !f.preExisting);
  const blocking = introduced.filter((f) => f.severity === 'critical' || f.severity === 'high');
  const inconclusive = audits.flatMap((a) => (a.inconclusive ? [a.inconclusive] : []));
  const common = {
    command: steps.map((s) => s.command).join(' && ') || null,
    exitCode: steps.find((s) => s.exit_code !== 0)?.exit_code ?? (steps.length ? 0 : null),
    counts: { findings: introduced.length, files: audits.length },
    steps,
    findings,
    logSha256: createHash('sha256').update(audits.map((a) => a.logSha256 ?? '').join('\n')).digest('hex'),
  };
  const tally = `${introduced.length} introduced by the change, ${findings.length - introduced.length} pre-existing`;
  if (blocking.length > 0) return { ...common, status: 'fail', reason: `the change introduces ${blocking.length} high or critical vulnerabilit${blocking.length === 1 ? 'y' : 'ies'} (${tally})${inconclusive.length ? `; also: ${inconclusive.join('; ')}` : ''}` };
  if (inconclusive.length > 0) return { ...common, status: 'inconclusive', reason: inconclusive.join('; ') };
  return { ...common, status: 'pass', reason: `vulnerable packages: ${tally}` };
}
