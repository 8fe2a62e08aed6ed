import { createHash } from 'node:crypto';
import { fingerprint } from '../evidence/fingerprint.js';

/** A digest of the secret alone: the same secret anywhere gets the same value; it cannot be reversed. */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(`loki-secret\u0000${secret}`).digest('hex').slice(0, 16);
}

/**
 * The finding's stable id. It is computed exactly as the verify engine computes the `secrets`
 * gate's finding ids (gate, rule, file, key = secret digest), so one fingerprint works in the
 * ignore file, in `loki secrets` output and in evidence.json. Line numbers are not part of it.
 */
export function secretFingerprint(ruleId: string, file: string, digest: string): string {
  return fingerprint('secrets', ruleId, file, digest);
}
