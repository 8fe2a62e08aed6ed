import { z } from 'zod';

/** Claim values that name nobody: the users of tutorials and test suites. */
const SAMPLE_VALUE = /^(?:test(?:ing)?(?:[ _-]?user)?|example|sample|demo|dummy|fake|mock|foo|bar|baz|user|john doe|jane doe|john|jane|alice|bob|1234567890|0|1)$|@example\.(?:com|org|net)$/i;
/** The claims that say who a token is for. */
const WHO = ['sub', 'name', 'email', 'user', 'username', 'preferred_username'];

const ClaimsSchema = z.record(z.string(), z.unknown());

/**
 * Why a JWT reads as sample data, or undefined: its payload is empty, or every claim that says
 * who it is for (sub, name, email…) holds a tutorial value (`1234567890`, `John Doe`, `test`).
 * Such a token is still reported, at a lower severity, with this reason.
 */
export function sampleTokenReason(ruleId: string, secret: string): string | undefined {
  if (ruleId !== 'jwt') return undefined;
  const payload = secret.split('.')[1];
  if (payload === undefined) return undefined;
  let claims: Record<string, unknown>;
  try {
    const parsed = ClaimsSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!parsed.success) return undefined;
    claims = parsed.data;
  } catch {
    return undefined;
  }
  if (Object.keys(claims).length === 0) return 'a JWT with an empty payload';
  const who = WHO.filter((k) => k in claims).map((k) => claims[k]);
  if (who.length > 0 && who.every((v) => (typeof v === 'string' || typeof v === 'number') && SAMPLE_VALUE.test(String(v).trim()))) {
    return `a JWT whose payload names a sample user (${who.map((v) => JSON.stringify(v)).join(', ')})`;
  }
  return undefined;
}
