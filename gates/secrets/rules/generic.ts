import { CS, custom, type RuleDefinition } from './define-rule.js';

const NAMES = 'secret|token|passw(?:or)?d|pwd|api[_.\\-]?key|access[_.\\-]?key|auth[_.\\-]?key|credential|private[_.\\-]?key|signing[_.\\-]?key';
const VALUE = `A-Za-z0-9_\\-+/=.~!@#%^&*`;

/**
 * A high-entropy value assigned to a secret-looking name. It runs last: a specific rule that
 * matches the same value wins. The `generic-value` validator drops identifiers, paths and env references.
 */
export const GENERIC_RULE: RuleDefinition = custom({
  id: 'generic-api-key',
  description: 'High-entropy value assigned to a secret-looking name',
  keywords: ['secret', 'token', 'passw', 'pwd', 'api_key', 'apikey', 'api-key', 'api.key', 'access_key', 'accesskey', 'access-key', 'auth_key', 'authkey', 'auth-key', 'credential', 'private_key', 'privatekey', 'signing_key'],
  regex: `(?:${NAMES})[\\w.\\-]{0,20}?[\\s"'\`\\]]{0,3}(?:=|:=|:|=>)[\\s"'\`]{0,5}([${VALUE}]{12,128})(?![${VALUE}(\\[])`,
  flags: 'i',
  secretGroup: 1,
  entropy: 3.5,
  validator: 'generic-value',
  sample: (r) => r.pick([
    `client_secret = "${r.chars(CS.alnum.alphabet, 32)}"`,
    `  "apiKey": "${r.chars(CS.alnum.alphabet, 24)}",`,
    `DB_PASSWORD=${r.chars(CS.alnum.alphabet, 16)}`,
    `auth_token: ${r.chars(CS.b64url.alphabet, 40)}`,
  ]),
  nearMisses: (r) => [
    { text: 'password = "${DB_PASSWORD}"', silent: true },
    { text: 'api_key: process.env.API_KEY_FOR_SERVICE', silent: true },
    { text: 'token = "your-token-goes-here"', silent: true },
    { text: 'SECRET_KEY=xxxxxxxxxxxxxxxxxxxx', silent: true },
    { text: 'const token = getAccessTokenFromCache(user);', silent: true },
    { text: 'secret: this.config.secretValueForSigning', silent: true },
    { text: `colour = "${r.chars(CS.alnum.alphabet, 32)}"`, silent: false },
  ],
});
