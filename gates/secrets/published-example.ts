import { createHmac, timingSafeEqual } from 'node:crypto';
import { secretDigest } from './fingerprint-secret.js';

/**
 * Keys that vendors publish in their own documentation and SDK samples, so every copy of them is an
 * example, not a leak. Kept as digests (`secretDigest`) so this file is not itself a list of
 * key-shaped strings for other scanners to report.
 */
const PUBLISHED_DIGESTS = new Set([
  '75269579ca5da84e', // Stripe API reference: the sk_test_4eC3… test-mode secret key
  'd156797909424929', // Stripe docs, older: the sk_test_BQok… test-mode secret key
]);

/** jwt.io's example token (and the many tutorials that copy it): subject 1234567890, name John Doe. */
function isJwtIoExample(token: string): boolean {
  const payload = token.split('.')[1];
  if (!payload) return false;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    return claims.sub === '1234567890' && claims.name === 'John Doe';
  } catch {
    return false;
  }
}

/** The HMAC secrets jwt.io's debugger fills in (today's, and the older per-size ones). */
const JWT_IO_SECRETS = ['a-string-secret-at-least-256-bits-long', 'your-256-bit-secret', 'your-384-bit-secret', 'your-512-bit-secret'];
const HMAC_ALGS: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** An HS256/384/512 token whose signature verifies with a secret jwt.io publishes: made in its debugger. */
function isSignedWithPublishedSecret(token: string): boolean {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return false;
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
  } catch {
    return false;
  }
  const hash = typeof alg === 'string' ? HMAC_ALGS[alg] : undefined;
  if (!hash) return false;
  const given = Buffer.from(signature, 'base64url');
  return JWT_IO_SECRETS.some((key) => {
    const expected = createHmac(hash, key).update(`${header}.${payload}`).digest();
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

export function isPublishedExample(secret: string): boolean {
  if (secret.startsWith('eyJ') && (isJwtIoExample(secret) || isSignedWithPublishedSecret(secret))) return true;
  return PUBLISHED_DIGESTS.has(secretDigest(secret));
}
