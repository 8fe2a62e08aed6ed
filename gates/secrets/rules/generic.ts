import { CS, custom, type RuleDefinition } from './define-rule.js';
import { ASSIGNMENT_SHAPES, assignmentRegex, SECRET_NAME_KEYWORDS } from './assignment.js';

/**
 * A high-entropy value bound to a secret-looking name, in any of the syntaxes of `assignment.ts`.
 * It runs last: a specific rule that matches the same value wins. The `generic-value` validator
 * drops identifiers, paths, names and env references.
 */
export const GENERIC_RULE: RuleDefinition = custom({
  id: 'generic-api-key',
  description: 'High-entropy value assigned to a secret-looking name',
  keywords: SECRET_NAME_KEYWORDS,
  regex: assignmentRegex(),
  flags: 'i',
  secretGroup: 1,
  entropy: 3.5,
  validator: 'generic-value',
  sample: (r) => r.pick(ASSIGNMENT_SHAPES).replace('{v}', () => `${r.chars(CS.alnum.alphabet, r.int(12, 36))}${r.chars(CS.digits.alphabet, 4)}`),
  nearMisses: (r) => [
    { text: 'password = "${DB_PASSWORD}"', silent: true },
    { text: 'api_key: process.env.API_KEY_FOR_SERVICE', silent: true },
    { text: 'token = "your-token-goes-here"', silent: true },
    { text: 'SECRET_KEY=xxxxxxxxxxxxxxxxxxxx', silent: true },
    { text: 'const token = getAccessTokenFromCache(user);', silent: true },
    { text: 'secret: this.config.secretValueForSigning', silent: true },
    { text: 'var apiToken string = os.Getenv("API_TOKEN")', silent: true },
    { text: 'System.setProperty("X_TOKEN", System.getenv("X_TOKEN_FROM_VAULT"));', silent: true },
    { text: '<password>\n    ${DB_PASSWORD}\n</password>', silent: true },
    { text: 'Set `AWS_SECRET_ACCESS_KEY` to `<your secret key>` in the shell.', silent: true },
    { text: 'DEPLOY_TOKEN ?= $(shell cat .deploy-token-file-path)', silent: true },
    { text: `colour = "${r.chars(CS.alnum.alphabet, 32)}"`, silent: false },
  ],
});

/** A value of key=… in a log line or a query string: a letter-and-digit run of both cases. */
const KEY_VALUE = 'A-Za-z0-9+/_\\-';

/**
 * `key=<random>` with nothing around it: a log line (`[DEBUG] Using Key=…`), a query string
 * (`?key=…`), a flag. The bare name `key` is too common for the generic rule (cache keys, React
 * keys, map keys), so this one asks more of the value: unquoted, glued to `=`, at least 20
 * characters holding upper case, lower case and at least three digits (a camel-case name has
 * fewer), and random (the generic validator).
 */
export const KEY_EQUALS_RULE: RuleDefinition = custom({
  id: 'generic-key-equals',
  description: 'High-entropy value given as key=…',
  keywords: ['key='],
  regex: `(?<![\\w.\\-])[Kk][Ee][Yy]=(?=[${KEY_VALUE}]{0,127}[A-Z])(?=[${KEY_VALUE}]{0,127}[a-z])(?=(?:[A-Za-z+/_\\-]{0,127}[0-9]){3})([${KEY_VALUE}]{20,128})(?![${KEY_VALUE}=])`,
  secretGroup: 1,
  entropy: 3.8,
  validator: 'generic-value',
  sample: (r) => r.pick(['[DEBUG] Using Key={v}', 'curl "https://api.example.net/v2/search?q=x&key={v}"', 'deploy --region eu key={v}']).replace('{v}', () => `${r.chars(CS.alnum.alphabet, 24)}${r.chars(CS.upper.alphabet, 2)}${r.chars(CS.digits.alphabet, 3)}x`),
  nearMisses: (r) => [
    { text: 'cache.set(key=user_profile_settings_v2, value)', silent: true },
    { text: `key=${r.chars(CS.hex.alphabet, 32)}`, silent: true },
    { text: 'key=ThisIsAnIdentifierName2', silent: true },
  ],
});
