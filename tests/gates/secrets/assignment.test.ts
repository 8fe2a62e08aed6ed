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
    ['a dotted identifier path', 'api_token: settings.vault.deployToken2'],
    ['a fallback to another variable', 'const token = process.env.API_TOKEN || defaultTokenValue1;'],
    ['a brace initialiser of a call', 'AccountKey{ getKeyFromVault2024() }'],
    ['a public token (a name word before the match)', 'const publicToken = "pk.eyJ1IjoiZXhhbXBsZSIsImEiOiJjbDk4In0.Q7mZ2kX9vLp3R8tW";'],
    ['a CSRF token', 'csrf_token: "Xk29vLpQ8rTz3mWn5yBc7dFg1hJk4lAs"'],
    ['a Maven coordinate', 'implementation "io.jsonwebtoken:jjwt-api:0.11.5"'],
    ['a vendor name inside another word', 'SetSysctl("k3m9x2p7q4w8z1v6n5b0c2d8")'],
    ['a dash before a quoted value that is not one literal', "nethunt token - 'JFjlJg7KqFGp5RmsJVq7?DmwObgHW6JEtMOitGuP'"],
    ['subtraction, not a binding', 'const left = token - offsetInPixels2024;'],
    ['an XML element wrapping a template', '<secret>{${JENKINS_SECRET_2024}}</secret>'],
    ['a name at the end of a line, then unrelated code', 'const secret =\n  loadSecretFromFile(secretPath42);'],
  ])('stays silent on %s', (_, line) => {
    expect(found(line), line).toEqual([]);
  });
});

describe('class: over-eager filters', () => {
  it('keeps tokens with - or _ whose segments mix letters and digits (UUID-shaped, base64url)', () => {
    expect(found("service token = '1c73ff35-2415-fc58-8712-3d24f00cbe2a'")).toContain('generic-api-key');
    expect(found("discord_secret: 'oHILWmk3qakMYbqAikD9R0nJ.Vhu0LY.FK1U_2L2Of8Bm5ESbD6Cy4VKu2K'")).toContain('generic-api-key');
    expect(found('auth_token: k7Jx_9QaZ2-mP4vL8_rT3nW6')).toContain('generic-api-key');
  });

  it('takes placeholder words only as words, not as letters inside a random run', () => {
    expect(isPlaceholder('k7JXtY3WBtUqthisisfakeZDqVcjZxYI')).toBe(false);
    expect(isPlaceholder('SKbddcfb88fake8f7c4d9ae7de1fc5')).toBe(false);
    for (const slot of ['my-fake-key-123', 'FAKE_TOKEN_9', 'fakeToken123', 'sample2024', 'exampleKey1', 'insert_key_here1']) expect(isPlaceholder(slot), slot).toBe(true);
  });
});

describe('class: published examples, allowlisted by value', () => {
  const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = b64url({ alg: 'HS256', typ: 'JWT' });
  const signature = 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

  it("drops jwt.io's example token and the Stripe docs' test key, not tokens like them", () => {
    expect(found(`Authorization: Bearer ${header}.${b64url({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })}.${signature}`)).toEqual([]);
    expect(found(`Authorization: Bearer ${header}.${b64url({ sub: '8812004411', name: 'Ops Robot', iat: 1716239022 })}.${signature}`)).toContain('jwt');
    expect(found(`STRIPE_KEY=${['sk', 'test', '4eC39HqLyjWDarjtT1zdp7dc'].join('_')}`)).toEqual([]);
    expect(found(`STRIPE_KEY=${['sk', 'test', '4eC39HqLyjWDarjtT1zdp7dX'].join('_')}`)).not.toEqual([]);
  });

  it("drops a token signed with a secret jwt.io publishes (made in its debugger), not one signed with any other secret", async () => {
    const { createHmac } = await import('node:crypto');
    const sign = (alg: string, hash: string, key: string, claims: unknown) => {
      const head = b64url({ alg, typ: 'JWT' });
      const body = b64url(claims);
      return `${head}.${body}.${createHmac(hash, key).update(`${head}.${body}`).digest('base64url')}`;
    };
    const claims = { sub: 'svc-deploy', role: 'admin', iat: 1716239022 };
    expect(found(`Authorization: Bearer ${sign('HS384', 'sha384', 'a-string-secret-at-least-256-bits-long', claims)}`)).toEqual([]);
    expect(found(`Authorization: Bearer ${sign('HS256', 'sha256', 'your-256-bit-secret', claims)}`)).toEqual([]);
    expect(found(`Authorization: Bearer ${sign('HS512', 'sha512', 'k9!Qm2#vX7pL4zR8wT1nB6yC3dF5gH0j', claims)}`)).toContain('jwt');
  });
});

describe('the assignment grammar, key= and registry auths stay linear on 100 KB pathological lines', () => {
  it.each([
    ['<secret>{', 'word '],
    ['<secret>{', 'a'],
    ['token -', " '"],
    ['token - \'', 'aB3'],
    ['key=', 'aB3'],
    ['', 'key=aB3 '],
    // Values of up to 256 characters, and registry auths of up to 8,000 base64 characters.
    ['token = ', 'aB3'],
    ['', 'token = aB3x '],
    ['{"auths":{"r":{"auth":"', 'QUJD'],
    ['{"auths":', '{"r":{"auth":"QUJD'],
    ['', '-password '],
  ])('%s then %s', (prefix, fill) => {
    const line = prefix + fill.repeat(Math.ceil((100_000 - prefix.length) / fill.length));
    const started = performance.now();
    const outcome = scanText({ path: 'src/settings.txt', text: line }, ruleSet, context);
    // A backtracking pattern takes minutes here. The scan must also finish every rule: a pattern
    // slow enough to use up the per-file budget would otherwise be cut short and pass unseen.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(outcome.incomplete).toBeUndefined();
  });
});

