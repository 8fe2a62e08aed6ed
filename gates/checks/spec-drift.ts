import { posix } from 'node:path';
import { isLokiError } from '../core/errors.js';
import { listFiles, showFile } from '../git/git.js';
import { isSource } from '../spec/collect-repo-stats.js';
import { compareToLock } from '../spec/compare-to-lock.js';
import { describeDrift } from '../spec/describe-drift.js';
import { findLockChanges, type LockChange } from '../spec/find-lock-changes.js';
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
 *
 * A lock is evidence, so a lock of the merge-base that the change rewrites, moves or deletes is a
 * finding too (medium: a person accepts a spec change, the change cannot accept its own), naming
 * the requirements the new lock changes compared with the base's.
 */
export const specDriftGate: Gate = {
  id: 'spec-drift',
  async run(ctx) {
    const { headSha } = ctx.diff;
    const lockPaths = (await listFiles(ctx.cwd, headSha)).filter((p) => p.endsWith(LOCK_SUFFIX) && isSource(p));
    const touched = new Set(ctx.diff.files.flatMap((f) => [f.path, ...(f.oldPath ? [f.oldPath] : [])]));
    const lockChanges = await findLockChanges({ cwd: ctx.cwd, mergeBaseSha: ctx.diff.mergeBaseSha, headSha, files: ctx.diff.files });
    const findings: FindingDraft[] = lockChanges.map(lockChangeFinding);
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
    return outcome({ checked, issueLocks, damaged, findings, headSha, lockChanges: lockChanges.length });
  },
};

function lockChangeFinding(change: LockChange): FindingDraft {
  const spec = change.base.spec.ref;
  const key = `${change.basePath}\u0000${change.base.spec.hash}\u0000${change.head?.spec.hash ?? 'removed'}`;
  const accept = 'A spec change is for a person to accept: the change under review cannot accept its own. Fix: restore the lock from the base, or land the spec and its lock in a pull request of their own that a person reviews';
  if (change.kind === 'removed') {
    const ids = change.base.requirements.map((r) => r.id);
    const shown = ids.slice(0, 10).join(', ') + (ids.length > 10 ? `, and ${ids.length - 10} more` : '');
    return { rule: 'spec-lock-removed', severity: 'medium', file: change.path, key, message: `the change deletes the spec lock ${change.path} (of ${spec}): its ${ids.length} requirement${ids.length === 1 ? ' is' : 's are'} no longer checked (${shown}). ${accept}` };
  }
  const moved = change.basePath !== change.path ? ` (moved from ${change.basePath})` : '';
  const what = describeDrift(change.drift);
  return {
    rule: 'spec-lock-changed',
    severity: what.length ? 'medium' : 'low',
    file: change.path,
    key,
    message: `the change re-writes the spec lock ${change.path}${moved} (of ${spec}): ${what.length ? `compared with the base's lock, ${what.join('; ')}` : 'no requirement changed'}. ${accept}`,
  };
}

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
    message: `${specPath} drifted from its lock ${lockPath}: ${describeDrift(drift).join('; ')}. Fix: if the change to the spec is agreed, run \`loki spec lock ${specPath}\` and land the spec with its lock in a pull request of their own, for a person to accept; otherwise revert the spec`,
  }];
}

interface Tally {
  checked: number;
  issueLocks: number;
  damaged: string[];
  findings: FindingDraft[];
  headSha: string;
  lockChanges: number;
}

function outcome({ checked, issueLocks, damaged, findings, headSha, lockChanges }: Tally): GateOutcome {
  const command = `compare spec locks at ${headSha.slice(0, 12)} (and the locks the change touches with the merge-base's)`;
  const issueNote = issueLocks ? `; ${issueLocks} issue lock${issueLocks === 1 ? '' : 's'} left to the runner` : '';
  if (checked === 0 && damaged.length === 0 && lockChanges === 0) return { status: 'skipped', reason: `no spec lock${issueNote}` };
  const counts = { files: checked, findings: findings.length };
  if (findings.length > 0) {
    const drifted = findings.filter((f) => !f.rule.startsWith('spec-lock-')).map((f) => f.file);
    const rewritten = findings.filter((f) => f.rule.startsWith('spec-lock-')).map((f) => f.file);
    const parts = [
      drifted.length ? `spec drift in ${drifted.join(', ')}` : '',
      rewritten.length ? `the change re-writes or deletes ${rewritten.length} spec lock${rewritten.length === 1 ? '' : 's'} (${rewritten.join(', ')})` : '',
      damaged.length ? `unreadable: ${damaged.join('; ')}` : '',
    ];
    return { status: 'fail', reason: parts.filter(Boolean).join('; '), command, exitCode: 1, counts, findings };
  }
  if (damaged.length > 0) return { status: 'inconclusive', reason: `cannot check spec drift: ${damaged.join('; ')}`, command, counts };
  return { status: 'pass', reason: `${checked} spec lock${checked === 1 ? '' : 's'} in sync${issueNote}`, command, exitCode: 0, counts };
}
