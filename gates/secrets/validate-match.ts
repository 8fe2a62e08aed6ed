import { shannonEntropy } from './entropy.js';
import { isPlaceholder } from './is-placeholder.js';
import type { RuleValidator } from './types.js';

const WEAK_PASSWORDS = /^(?:pass(?:word)?|passwd|pwd|secret|admin|root|test|user|guest|changeme|postgres|mysql|redis|default|none|null|undefined|empty)\d{0,3}$/i;
/** `this.config.apiToken`, `settings.auth.v2`: segments that are names (letters, then at most a short number). */
const IDENTIFIER_PATH = /^[A-Za-z_$][A-Za-z_$]*\d{0,3}(?:\.[A-Za-z_$][A-Za-z_$]*\d{0,3})+$/;
const FILE_PATH = /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/;

/**
 * Checks a rule's regex cannot express: the generic rule wants a value that looks random (letters
 * and digits, not a dotted identifier, path or constant name); URL passwords must not be
 * stock words or the user name again. `before` is the text just before the match.
 */
export function passesValidator(validator: RuleValidator | undefined, secret: string, match: string, before = ''): boolean {
  // The name's first words can sit before the match (`publicToken`: the match starts at `Token`).
  if (validator === 'generic-value') return !describesNonSecret(`${/[\w.\-]{0,40}$/.exec(before)?.[0] ?? ''}${match.slice(0, match.lastIndexOf(secret))}`) && looksRandom(secret);
  if (validator === 'url-password') return realPassword(secret, match);
  if (validator === 'basic-credentials') return basicCredentials(decodeBase64Text(secret));
  if (validator === 'base64-credential') return base64Credential(decodeBase64Text(secret));
  return true;
}

/**
 * `tokenHash = …`, `secret_url: …`, `passwordLength = …`: a word of the name says the value is
 * about a secret, not one, or that the value is public (`publicToken`, a `csrf-token`). Words, not substrings: `AccountKey` holds "count" and is a secret's name.
 */
const NOT_A_SECRET_WORD = /^(?:public|publishable|csrf|xsrf|digest|hash|sha\d|checksum|fingerprint|url|uri|endpoint|path|file|name|type|length|size|count|expir|ttl|timeout|header|field|format|version|policy|rotation)/;
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

/** The text a base64 value decodes to, or undefined when it is not printable text (an image, random bytes, a name). */
function decodeBase64Text(value: string): string | undefined {
  if (value.replace(/=+$/, '').length % 4 === 1) return undefined;
  const text = Buffer.from(value, 'base64').toString('utf8');
  return /^[\x20-\x7e\t\r\n]+$/.test(text) ? text : undefined;
}

/** `user:password` as Basic auth carries it (an `Authorization` header, a Docker or npm config). */
function basicCredentials(decoded: string | undefined): boolean {
  if (!decoded) return false;
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return false;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  // Google's registries take a service-account key file as the password (user `_json_key`).
  if (/-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----/.test(password)) return true;
  return password.length >= 3 && !isPlaceholder(password) && realPassword(password, `//${user}:`);
}

/** A base64 value (a Kubernetes Secret's `data:`) that decodes to a credential, not to a word or a name. */
function base64Credential(decoded: string | undefined): boolean {
  if (!decoded || decoded.length < 8) return false;
  if (decoded.includes(':') && basicCredentials(decoded)) return true;
  if (WEAK_PASSWORDS.test(decoded) || isPlaceholder(decoded) || /^\s|\s$/.test(decoded)) return false;
  return shannonEntropy(decoded) >= 3 && looksRandom(decoded);
}
