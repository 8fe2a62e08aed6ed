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

/**
 * `tokenHash = …`, `secret_url: …`, `passwordLength = …`: a word of the name says the value is
 * about a secret, not one. Words, not substrings: `AccountKey` holds "count" and is a secret's name.
 */
const NOT_A_SECRET_WORD = /^(?:digest|hash|sha\d|checksum|fingerprint|url|uri|endpoint|path|file|name|type|length|size|count|expir|ttl|timeout|header|field|format|version|policy|rotation)/;
const ID_SUFFIX = /(?:^|[_\-.\s"'])(?:id|ID)\b|[a-z]Id\b|[a-z]ID\b/;

function nameWords(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).map((w) => w.toLowerCase());
}

function describesNonSecret(name: string): boolean {
  return nameWords(name).some((w) => NOT_A_SECRET_WORD.test(w)) || ID_SUFFIX.test(name);
}

const NAME_OF_WORDS = /^(?:[A-Za-z]+|v?\d{1,4})(?:[-_](?:[A-Za-z]+|v?\d{1,4}))+$/;

function looksRandom(value: string): boolean {
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  if (IDENTIFIER_PATH.test(value) || FILE_PATH.test(value)) return false;
  // SCREAMING_CASE, snake_case and kebab-case names are words and short numbers (`DB_PASSWORD_V2`,
  // `my-app-2024`); a token with `-`/`_` in it (a UUID, `k7Jx_9Qa-…`) has segments that mix both.
  return !NAME_OF_WORDS.test(value);
}

function realPassword(password: string, match: string): boolean {
  if (WEAK_PASSWORDS.test(password)) return false;
  const user = /:\/\/([^:@/]+):/.exec(match)?.[1];
  if (user !== undefined && user === password) return false;
  if (/@(?:[\w.-]*\.)?example\.(?:com|org|net)\b/i.test(match)) return false;
  return true;
}
