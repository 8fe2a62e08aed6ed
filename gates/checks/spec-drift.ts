import { posix } from 'node:path';
import { isLokiError } from '../core/errors.js';
import { listFiles, showFile } from '../git/git.js';
import { isSource } from '../spec/collect-repo-stats.js';
import { compareToLock } from '../spec/compare-to-lock.js';
import { describeDrift } from '../spec/describe-drift.js';
import { LOCK_SUFFIX } from '../spec/lock-spec.js';
import { normaliseSpec } from '../spec/normalise-spec.js';
import { parseLock } from '../spec/read-lock.js';
import type { Spec, SpecLock } from '../spec/spec-schema.js';
import type { FindingDraft, Gate, GateContext, GateOutcome } from '../verify/gate.js';

/**
 * spec-drift: every spec lock committed at the head (`<spec>.lock.json`, written by `loki spec
 * lock` next to the spec) is compared with the spec beside it at the same commit. Drift is a high
 * finding naming the requirements; a spec that was deleted or no longer parses is one too. Locks
 * of GitHub issues cannot be checked offline: the runner checks those while it builds.
 */
export const specDriftGate: Gate = {
  id: 'spec-drift',
  async run(ctx) {
    const { headSha } = ctx.diff;
    const lockPaths = (await listFiles(ctx.cwd, headSha)).filter((p) => p.endsWith(LOCK_SUFFIX) && isSource(p));
    const touched = new Set(ctx.diff.files.flatMap((f) => [f.path, ...(f.oldPath ? [f.oldPath] : [])]));
    const findings: FindingDraft[] = [];
    const damaged: string[] = [];
    let checked = 0;
    let issueLocks = 0;
    for (const lockPath of lockPaths) {
      const result = await checkLock(ctx, lockPath, touched);
      if (result === 'not-a-lock') continue;
      if (result === 'issue') issueLocks += 1;
      else if (typeof result === 'string') damaged.push(result);
      else {
        checked += 1;
        findings.push(...result);
      }
    }
    return outcome(checked, issueLocks, damaged, findings, headSha);
  },
};

type CheckResult = 'not-a-lock' | 'issue' | string | FindingDraft[];

async function checkLock(ctx: GateContext, lockPath: string, touched: ReadonlySet<string>): Promise<CheckResult> {
  const { headSha } = ctx.diff;
  let lock: SpecLock | undefined;
  try {
    lock = parseLock((await showFile(ctx.cwd, headSha, lockPath)) ?? '', lockPath);
  } catch (error) {
    return isLokiError(error) ? error.message : String(error);
  }
  if (!lock) return 'not-a-lock';
  if (lock.spec.source !== 'file') return 'issue';
  ctx.progress(`comparing ${lockPath}`);
  const specPath = posix.normalize(posix.join(posix.dirname(lockPath), lock.spec.ref));
  // Drift the change did not cause was already on the base: reported, not blamed on this change.
  const preExisting = !touched.has(specPath) && !touched.has(lockPath);
  const text = await showFile(ctx.cwd, headSha, specPath);
  if (text === undefined) {
    return [{ rule: 'spec-missing', severity: 'high', file: lockPath, key: specPath, preExisting, message: `${lockPath} locks ${specPath}, which does not exist at ${headSha.slice(0, 12)}. Fix: restore the spec, or delete the lock if the spec was retired on purpose` }];
  }
  let spec: Spec;
  try {
    spec = normaliseSpec({ source: 'file', text, path: specPath });
  } catch (error) {
    const message = isLokiError(error) ? error.message : String(error);
    return [{ rule: 'spec-invalid', severity: 'high', file: specPath, key: lockPath, preExisting, message: `${message}. Fix: correct the spec so it can be compared with ${lockPath}` }];
  }
  const drift = compareToLock(lock, spec);
  if (drift.inSync) return [];
  return [{
    rule: 'spec-drift',
    severity: 'high',
    file: specPath,
    key: `${lockPath}\u0000${lock.spec.hash}\u0000${spec.hash}`,
    preExisting,
    message: `${specPath} drifted from its lock ${lockPath}: ${describeDrift(drift).join('; ')}. Fix: if the change to the spec is agreed, run \`loki spec lock ${specPath}\` and commit the lock; otherwise revert the spec`,
  }];
}

function outcome(checked: number, issueLocks: number, damaged: string[], findings: FindingDraft[], headSha: string): GateOutcome {
  const command = `compare spec locks at ${headSha.slice(0, 12)}`;
  const issueNote = issueLocks ? `; ${issueLocks} issue lock${issueLocks === 1 ? '' : 's'} left to the runner` : '';
  if (checked === 0 && damaged.length === 0) return { status: 'skipped', reason: `no spec lock${issueNote}` };
  const counts = { files: checked, findings: findings.length };
  if (findings.length > 0) {
    const names = findings.map((f) => f.file).join(', ');
    return { status: 'fail', reason: `spec drift in ${names}${damaged.length ? `; unreadable: ${damaged.join('; ')}` : ''}`, command, exitCode: 1, counts, findings };
  }
  if (damaged.length > 0) return { status: 'inconclusive', reason: `cannot check spec drift: ${damaged.join('; ')}`, command, counts };
  return { status: 'pass', reason: `${checked} spec lock${checked === 1 ? '' : 's'} in sync${issueNote}`, command, exitCode: 0, counts };
}
