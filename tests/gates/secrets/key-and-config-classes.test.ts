import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../gates/secrets/compile-rules.js';
import { RandomText } from '../../../gates/secrets/random-text.js';
import { defaultRuleSources } from '../../../gates/secrets/rule-sources.js';
import { CS } from '../../../gates/secrets/rules/define-rule.js';
import { compileContext, defaultScanSettings } from '../../../gates/secrets/scan-settings.js';
import { scanText } from '../../../gates/secrets/scan-text.js';

const ruleSet = compileRules(defaultRuleSources());
const context = compileContext(defaultScanSettings());
const found = (text: string) => scanText({ path: 'deploy/settings', text }, ruleSet, context).findings.map((f) => f.ruleId);
const r = new RandomText(77);
const b64line = () => r.chars(CS.b64.alphabet, 64);

describe('class: private keys outside PEM files', () => {
  const body = [b64line(), b64line(), b64line()];
  const begin = '-----BEGIN OPENSSH PRIVATE KEY-----';
  const end = '-----END OPENSSH PRIVATE KEY-----';
  // An ed25519 key's first line is mostly its fixed header: the secret is in the lines after it.
  const ed25519 = ['b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW', ...body];

  it.each([
    ['an indented template string', `const key = \`\n      ${begin}\n      ${ed25519.join('\n      ')}\n      ${end}\n\`;`],
    ['one JSON line with \\n escapes', `{"private_key": "${begin}\\n${ed25519.join('\\n')}\\n${end}\\n"}`],
    ['a .env value escaped twice', `SSH_KEY="${begin}\\\\n${ed25519.join('\\\\n')}\\\\n${end}"`],
    ['a YAML scalar with \\r\\n escapes', `key: "-----BEGIN RSA PRIVATE KEY-----\\r\\n${body.join('\\r\\n')}\\r\\n-----END RSA PRIVATE KEY-----"`],
  ])('finds a key in %s', (_, text) => {
    expect(found(text).some((id) => id.startsWith('private-key-')), text.slice(0, 100)).toBe(true);
  });

  it.each([
    ['a header in prose', `Paste the ${begin} block into the field.`],
    ['an escaped slot', `{"private_key": "${begin}\\n<paste your key>\\n${end}"}`],
    ['an escaped run of one character', `{"private_key": "${begin}\\n${'A'.repeat(64)}\\n${'A'.repeat(64)}\\n${end}"}`],
  ])('stays silent on %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('class: credentials with no rule before (Basic auth, curl, package managers, Kubernetes)', () => {
  const b64 = (t: string) => Buffer.from(t).toString('base64');
  const password = () => `${r.chars(CS.alnum.alphabet, 16)}7Q`;

  it.each([
    ['Authorization: Basic', `Authorization: Basic ${b64(`ci:${password()}`)}`, 'basic-auth-header'],
    ['a Docker config auth, escaped in YAML', `DOCKER_AUTH_CONFIG: '{\\"auths\\":{\\"r.internal.test\\":{\\"auth\\":\\"${b64(`robot:${password()}`)}\\"}}}'`, 'docker-config-auth'],
    ['.npmrc _auth', `//npm.internal.test/:_auth = ${b64(`bot:${password()}`)}`, 'npmrc-auth'],
    ['curl --user', `curl --user deploy:${password()} https://artifacts.internal.test/upload`, 'curl-user-password'],
    ['NuGet ClearTextPassword', `<add key="ClearTextPassword" value="${password()}" />`, 'nuget-cleartext-password'],
    ['pip index-url with a password', `index-url = https://build:${password()}@pypi.internal.test/simple`, 'basic-auth-url'],
    ['Bundler gem source credentials', `BUNDLE_ENTERPRISE__CONTRIBSYS__COM=${r.chars(CS.hex.alphabet, 8)}:${r.chars(CS.hex.alphabet, 8)}`, 'bundler-credentials'],
    ['a Kubernetes Secret data value', `apiVersion: v1\nkind: Secret\ndata:\n  DB_URL: ${b64(`postgres-user:${password()}`)}\n  api: ${b64(password())}`, 'kubernetes-secret-data'],
    // A user:password pair with no digits is no random token, but it is a credential.
    ['a Kubernetes Secret data value holding user:password', `apiVersion: v1\nkind: Secret\ndata:\n  credentials: ${b64('deploy:correcthorsebatterystaple')}`, 'kubernetes-secret-data'],
  ])('finds %s', (_, text, rule) => {
    expect(found(text), text).toContain(rule);
  });

  it.each([
    ['Basic with a variable', 'Authorization: Basic $(echo -n "$USER:$PASS" | base64)'],
    ['Basic of a stock pair', `Authorization: Basic ${b64('admin:admin')}`],
    ['a Docker config with an empty auth', '{"auths":{"ghcr.io":{"auth":""}}}'],
    ['curl with a prompt for the password', 'curl -u deploy https://artifacts.internal.test/upload'],
    ['curl with variables', 'curl -u "${NEXUS_USER}:${NEXUS_PASS}" https://nexus.internal.test'],
    ['a Kubernetes Secret of names', `kind: Secret\ndata:\n  username: ${b64('service-account')}\n  region: ${b64('eu-west-1')}`],
    ['a base64 image in a Secret-looking file', `kind: Secret\ndata:\n  logo: ${Buffer.from(Array.from({ length: 30 }, (_, i) => (i * 37) % 256)).toString('base64')}`],
  ])('stays silent on %s', (_, text) => {
    expect(found(text), text).toEqual([]);
  });
});
