import { compareToLock, type SpecDrift } from '../../gates/spec/compare-to-lock.js';
import { summariseDrift } from '../../gates/spec/describe-drift.js';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { isLokiError } from '../../gates/core/errors.js';
import { createLock, lockPathFor } from '../../gates/spec/lock-spec.js';
import { readLock } from '../../gates/spec/read-lock.js';
import { normaliseSpec } from '../../gates/spec/normalise-spec.js';
import type { SpecLock, SpecSource } from '../../gates/spec/spec-schema.js';

/** A spec as a job carries it (runner/job/schema.ts `spec`): the text as received. */
export interface JobSpecText {
  source: SpecSource;
  ref: string;
  title?: string;
  text: string;
  labels?: string[];
}

export type SpecRecheck = { drifted: false } | { drifted: true; drift: SpecDrift; reason: string };

/** Locks the spec a build was given, in memory, when the build starts. */
export function lockJobSpec(spec: JobSpecText): SpecLock {
  return createLock(normalise(spec));
}

/**
 * Before a build is called done: is the spec (re-read, e.g. the issue fetched again) still the one
 * locked at the start? If it was edited mid-run the build answered a question nobody asks any more,
 * so the runner reports the drift and asks for `/loki build` again instead of claiming done.
 */
export function recheckJobSpec(lock: SpecLock, current: JobSpecText): SpecRecheck {
  const drift = compareToLock(lock, normalise(current));
  if (drift.inSync) return { drifted: false };
  return {
    drifted: true,
    drift,
    reason: `the spec ${current.ref} changed while the build ran: ${summariseDrift(drift)}. The build is not called done against a spec nobody agreed to. Fix: review the edit, then comment \`/loki build\` to build the current version`,
  };
}

function normalise(spec: JobSpecText) {
  return normaliseSpec({
    source: spec.source,
    text: spec.text,
    ref: spec.ref,
    ...(spec.title ? { title: spec.title } : {}),
    ...(spec.labels ? { labels: spec.labels } : {}),
    ...(spec.source === 'file' ? { path: spec.ref } : {}),
  });
}

/**
 * Before the first agent call: a lock committed for this spec (`<spec>.lock.json` beside a spec
 * file, `.github/loki-specs/…` for an issue) that the spec no longer matches. Building against it
 * would only end in a spec-drift finding after paid iterations; the reason names the fix.
 * `root` is where a relative spec path and the issue-lock folder are found.
 */
export async function checkCommittedLock(spec: JobSpecText, root: string): Promise<string | undefined> {
  if (spec.source === 'text') return undefined;
  const normalised = normalise(spec);
  const lockPath = lockPathFor(normalised, root);
  const path = isAbsolute(lockPath) ? lockPath : resolve(root, lockPath);
  if (!existsSync(path)) return undefined;
  let lock: SpecLock;
  try {
    lock = await readLock(path);
  } catch (error) {
    return `the spec's committed lock ${lockPath} cannot be read: ${isLokiError(error) ? error.message : String(error)}. Fix: repair or delete the lock, or re-lock with \`loki spec lock ${spec.ref}\``;
  }
  const drift = compareToLock(lock, normalised);
  if (drift.inSync) return undefined;
  return `the spec ${spec.ref} no longer matches its committed lock ${lockPath}: ${summariseDrift(drift)}. The agent was not called. Fix: if the edit is agreed, run \`loki spec lock ${spec.ref}\` and commit the lock; otherwise revert the spec`;
}
