import { readFile } from 'node:fs/promises';
import { describeIssues } from '../config/load-config.js';
import { LokiError } from '../core/errors.js';
import { SPEC_LOCK_KIND, SpecLockSchema, type SpecLock } from './spec-schema.js';

/** Reads a spec lock written by `loki spec lock`. */
export async function readLock(path: string): Promise<SpecLock> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new LokiError('LOCK_INVALID', `cannot read the spec lock ${path}: ${(error as Error).message}`, {
      fix: 'run `loki spec lock SPEC` to create it',
      cause: error,
    });
  }
  const lock = parseLock(text, path);
  if (!lock) throw new LokiError('LOCK_INVALID', `${path} is not a Loki spec lock`, { fix: 'point at a file written by `loki spec lock`' });
  return lock;
}

/**
 * Parses lock text. Undefined when the file is not Loki's at all (other tools write `*.lock.json`
 * too); a LOCK_INVALID error when it is Loki's but damaged, because then drift cannot be checked.
 */
export function parseLock(text: string, name: string): SpecLock | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || (raw as { kind?: unknown }).kind !== SPEC_LOCK_KIND) return undefined;
  const parsed = SpecLockSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new LokiError('LOCK_INVALID', `the spec lock ${name} is damaged:\n${describeIssues(parsed.error.issues)}`, {
    fix: 'restore it from git, or run `loki spec lock SPEC` to write it again',
  });
}
