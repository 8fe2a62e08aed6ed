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
