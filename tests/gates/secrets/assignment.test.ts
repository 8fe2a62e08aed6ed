import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../gates/secrets/compile-rules.js';
import { isPlaceholder } from '../../../gates/secrets/is-placeholder.js';
import { RandomText } from '../../../gates/secrets/random-text.js';
import { defaultRuleSources } from '../../../gates/secrets/rule-sources.js';
import { ASSIGNMENT_SHAPES } from '../../../gates/secrets/rules/assignment.js';
import { CS } from '../../../gates/secrets/rules/define-rule.js';
import { compileContext, defaultScanSettings } from '../../../gates/secrets/scan-settings.js';
import { scanText } from '../../../gates/secrets/scan-text.js';

const ruleSet = compileRules(defaultRuleSources());
const context = compileContext(defaultScanSettings());
const found = (text: string) => scanText({ path: 'src/settings.txt', text }, ruleSet, context).findings.map((f) => f.ruleId);

describe('class: a secret-looking name bound to a literal, in every syntax', () => {
  const r = new RandomText(4242);
  it.each(ASSIGNMENT_SHAPES.map((s) => [s]))('finds a random value in %s', (shape) => {
    const line = shape.replace('{v}', () => `${r.chars(CS.alnum.alphabet, 24)}${r.chars(CS.digits.alphabet, 4)}`);
    expect(found(line), line).toContain('generic-api-key');
  });

  it.each([
    ['a Go typed declaration read from the environment', 'var apiToken string = os.Getenv("API_TOKEN")'],
    ['a make variable from a shell command', 'DEPLOY_TOKEN ?= $(shell cat .deploy-token-file-path)'],
    ['a call that passes a variable', 'System.setProperty("X_TOKEN", System.getenv("X_TOKEN_FROM_VAULT"));'],
    ['a comma after an unquoted name', 'log(token, abcdefghABCDEF12345678)'],
    ['an XML element holding a template', '<password>\n    ${DB_PASSWORD}\n</password>'],
    ['an XML element about the secret', '<tokenType>\n  AccessToken2024Bearer\n</tokenType>'],
    ['Markdown prose with a slot', 'Set `AWS_SECRET_ACCESS_KEY` to `<your secret key>` in the shell.'],
    ['Markdown prose with no literal', 'Set `API_TOKEN` to the value from the vault before you run it.'],
    ['a PHP append of a variable', '$password .= $salt;'],
    ['a snake_case name', 'password_field = "confirm_password_v2"'],
    ['a kebab-case name with a year', 'secret_ref: "payments-api-key-2024"'],
  ])('stays silent on %s', (_, line) => {
    expect(found(line), line).toEqual([]);
  });
});

describe('class: over-eager filters', () => {
  it('keeps tokens with - or _ whose segments mix letters and digits (UUID-shaped, base64url)', () => {
    expect(found("opsgenie token = '1c73ff35-2415-fc58-8712-3d24f00cbe2a'")).toContain('generic-api-key');
    expect(found('auth_token: k7Jx_9QaZ2-mP4vL8_rT3nW6')).toContain('generic-api-key');
  });

  it('takes placeholder words only as words, not as letters inside a random run', () => {
    expect(isPlaceholder('k7JXtY3WBtUqthisisfakeZDqVcjZxYI')).toBe(false);
    expect(isPlaceholder('SKbddcfb88fake8f7c4d9ae7de1fc5')).toBe(false);
    for (const slot of ['my-fake-key-123', 'FAKE_TOKEN_9', 'fakeToken123', 'sample2024', 'exampleKey1', 'insert_key_here1']) expect(isPlaceholder(slot), slot).toBe(true);
  });
});
