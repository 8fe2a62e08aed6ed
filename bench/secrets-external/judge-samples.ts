import { AI_RULES } from '../../gates/secrets/rules/ai.js';
import { CHAT_SOCIAL_RULES } from '../../gates/secrets/rules/chat-social.js';
import { CI_REGISTRY_RULES } from '../../gates/secrets/rules/ci-registries.js';
import { CLOUD_RULES } from '../../gates/secrets/rules/cloud.js';
import type { RuleDefinition } from '../../gates/secrets/rules/define-rule.js';
import { KEY_AND_URL_RULES } from '../../gates/secrets/rules/keys-and-urls.js';
import { PAYMENT_RULES } from '../../gates/secrets/rules/payments.js';
import { SAAS_RULES } from '../../gates/secrets/rules/saas.js';
import { SOURCE_HOST_RULES } from '../../gates/secrets/rules/source-hosts.js';
import type { ExternalSample } from './mirror-samples.js';

/**
 * Which family a peer's sample belongs to, and which samples are not secrets at all. Both are
 * decided from the sample alone (its detector, what the peer wants reported), never from what
 * Loki does with it, so an exclusion cannot hide a miss.
 */

const FAMILIES: Array<[string, RuleDefinition[]]> = [
  ['source hosts', SOURCE_HOST_RULES],
  ['cloud', CLOUD_RULES],
  ['CI and registries', CI_REGISTRY_RULES],
  ['AI', AI_RULES],
  ['payments', PAYMENT_RULES],
  ['chat and social', CHAT_SOCIAL_RULES],
  ['SaaS', SAAS_RULES],
  ['keys and URLs', KEY_AND_URL_RULES],
];

/** Peer detector names that name a Loki rule's format under another word. */
const ALIASES: Record<string, string> = {
  uri: 'basic-auth-url',
  ftp: 'basic-auth-url',
  ldap: 'basic-auth-url',
  sqlserver: 'mssql-url-password',
  azurestorage: 'azure-storage-account-key',
  gcpapplicationdefaultcredentials: 'gcp-service-account-key',
  gcp: 'gcp-service-account-key',
  rabbitmq: 'amqp-url-password',
  privatekey: 'private-key-pkcs8',
};

/** The family of a kept vendor; samples of vendors Loki has no rule for go to this family, reported but not kept. */
export const NO_RULE_FAMILY = 'vendors with no Loki rule (generic rule only)';

const compact = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const ruleFamily = new Map<string, string>();
for (const [family, rules] of FAMILIES) for (const rule of rules) ruleFamily.set(rule.id, family);

export function familyOf(detector: string): string {
  const d = compact(detector);
  const alias = ALIASES[d];
  if (alias) return ruleFamily.get(alias) ?? NO_RULE_FAMILY;
  if (d.length >= 3) for (const [id, family] of ruleFamily) if (compact(id).startsWith(d)) return family;
  return NO_RULE_FAMILY;
}

/**
 * A wanted value that is not a secret. Each class says why; the bench lists how many samples each
 * one took out, so the exclusions can be read and argued with.
 */
export interface ExclusionClass {
  id: string;
  why: string;
  test(value: string, sample: ExternalSample): boolean;
}

export const EXCLUSION_CLASSES: ExclusionClass[] = [
  {
    id: 'public-key',
    why: 'a public key or a publishable (client-side) key is meant to be shared',
    test: (v) => /-----BEGIN (?:RSA |EC |SSH2 )?PUBLIC KEY-----|^(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-\S+) AAAA|^pk_(?:live|test)_/.test(v),
  },
  {
    id: 'placeholder',
    why: 'a documentation slot, not a value: example/sample/dummy/placeholder words, masks, template references, runs of one character, the alphabet or the digits in order',
    test: (v) =>
      /(?:^|[^a-z])(?:example|sample|dummy|placeholder|changeme|your[_-]?(?:api[_-]?)?(?:key|token|secret|password))(?:[^a-z]|$)/i.test(v) ||
      /x{8,}|X{8,}|\*{4,}|<[a-z_ -]+>|\$\{[^}]*\}|\{\{[^}]*\}\}|(.)\1{11,}|0123456789|abcdefghij/i.test(v),
  },
  {
    id: 'url-without-credential',
    why: 'a URL or connection string with no password in it (the peer reports endpoints too)',
    test: (v) => /^(?:jdbc:)?[a-z][a-z0-9+.-]*:(?:\/\/)?/i.test(v) && !/:\/\/[^/\s:@]+:[^@\s/]+@|[;&?](?:password|pwd)=|:[^:@/\s]+@tcp\(/i.test(v) && !/[?&](?:sig|key|token|secret|access_token)=/i.test(v),
  },
  {
    id: 'identifier-only',
    why: 'a client id, account id, user name, e-mail, host or region on its own: it names an account, it does not unlock one',
    test: (v) => /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/.test(v) || /^(?:[a-z0-9-]+\.)+(?:com|net|org|io|dev|cloud|app|co)(?::\d+)?$/i.test(v) || /^\d{1,20}$/.test(v) || /^[a-z]{2}-[a-z]+-\d$/.test(v),
  },
];

/**
 * Clean samples of the peer that still hold a secret: the peer's detector stays silent for a reason
 * that is not about the value (a companion id or domain is missing, the vendor keyword is too far,
 * another detector owns the format, verification would drop it). They are not clean text.
 */
export const CLEAN_EXCLUSION_CLASSES: Array<{ id: string; why: string; test(sample: ExternalSample, wantedBySameDetector: ReadonlySet<string>): boolean }> = [
  {
    id: 'secret-without-companion',
    why: 'holds a value the same peer detector reports in its positive cases; it is silent only because a companion value is missing',
    test: (s, wanted) => [...wanted].some((w) => w.length >= 12 && s.input.includes(w)),
  },
  {
    id: 'off-format-value-in-a-secret-slot',
    why: "one vendor's negative (a character off its format, truncated, another vendor's prefix) that still binds a long mixed letter-and-digit literal to a secret/token/password/key name: any generic rule reports it",
    test: (s) => /(?:secret|token|passw|api[_ -]?key|\bkey)\w{0,20}["'\]]{0,2}\s{0,3}(?:=|:=|:)\s{0,3}["'`]?(?=[^\s"'`]{0,200}\d)(?=[^\s"'`]{0,200}[A-Za-z])[^\s"'`]{16,}/i.test(s.input),
  },
  {
    id: 'silent-for-context',
    why: "the peer's test name says the silence is about context (keyword distance, legacy or another detector's format, expiry, verification)",
    test: (s) => /keyword|prefix range|not close|skip ?unverified|expired|not.yet.valid|legacy|regular .{0,20}key|should not match/i.test(s.name),
  },
];

/** The values a detector's positive cases want, and their parts (`id:secret` pairs split). */
export function wantedValues(samples: readonly ExternalSample[]): Map<string, Set<string>> {
  const byDetector = new Map<string, Set<string>>();
  for (const s of samples) {
    const set = byDetector.get(s.detector) ?? new Set<string>();
    byDetector.set(s.detector, set);
    for (const w of s.want) for (const part of [w, ...w.split(/[:;|]/)]) set.add(part);
  }
  return byDetector;
}

/** The exclusion class of a positive sample: every wanted value must fall in one (a sample with one real secret stays in). */
export function exclusionOf(sample: ExternalSample): ExclusionClass | undefined {
  if (sample.want.length === 0) return undefined;
  let found: ExclusionClass | undefined;
  for (const value of sample.want) {
    const c = EXCLUSION_CLASSES.find((e) => e.test(value, sample));
    if (!c) return undefined;
    found ??= c;
  }
  return found;
}
