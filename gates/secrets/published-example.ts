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

export function isPublishedExample(secret: string): boolean {
  if (secret.startsWith('eyJ') && isJwtIoExample(secret)) return true;
  return PUBLISHED_DIGESTS.has(secretDigest(secret));
}
