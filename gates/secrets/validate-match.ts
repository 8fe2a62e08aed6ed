import type { RuleValidator } from './types.js';

const WEAK_PASSWORDS = /^(?:pass(?:word)?|passwd|pwd|secret|admin|root|test|user|guest|changeme|postgres|mysql|redis|default|none|null|undefined|empty)\d{0,3}$/i;
const IDENTIFIER_PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const FILE_PATH = /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/;

/**
 * Checks a rule's regex cannot express: the generic rule wants a value that looks random (letters
 * and digits, not a dotted identifier, path or constant name); URL passwords must not be
 * stock words or the user name again.
 */
export function passesValidator(validator: RuleValidator | undefined, secret: string, match: string): boolean {
  if (validator === 'generic-value') return !describesNonSecret(match.slice(0, match.lastIndexOf(secret))) && looksRandom(secret);
  if (validator === 'url-password') return realPassword(secret, match);
  return true;
}

/** `tokenHash = …`, `secret_url: …`, `passwordLength = …`: the name says the value is about a secret, not one. */
const NOT_A_SECRET_NAME = /digest|hash|sha\d|checksum|fingerprint|url|uri|endpoint|path|file|name|type|length|size|count|expir|ttl|timeout|header|field|format|version|policy|rotation/i;
const ID_SUFFIX = /(?:^|[_\-.\s"'])(?:id|ID)\b|[a-z]Id\b|[a-z]ID\b/;

function describesNonSecret(name: string): boolean {
  return NOT_A_SECRET_NAME.test(name) || ID_SUFFIX.test(name);
}

function looksRandom(value: string): boolean {
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  if (IDENTIFIER_PATH.test(value) || FILE_PATH.test(value)) return false;
  // SCREAMING_CASE names and kebab-case words with a version number are names, not secrets.
  if (/^[A-Z0-9]+(?:_[A-Z0-9]+)+$/.test(value) || /^[a-z0-9]+(?:[-_][a-z0-9]+){2,}$/.test(value)) return false;
  return true;
}

function realPassword(password: string, match: string): boolean {
  if (WEAK_PASSWORDS.test(password)) return false;
  const user = /:\/\/([^:@/]+):/.exec(match)?.[1];
  if (user !== undefined && user === password) return false;
  if (/@(?:[\w.-]*\.)?example\.(?:com|org|net)\b/i.test(match)) return false;
  return true;
}
