import { CS, custom, type RuleDefinition } from './define-rule.js';

/**
 * Credentials that tools keep in their own config shapes: Basic auth (base64 of `user:password`,
 * decoded to check it is one), `curl -u`, package-manager configs (NuGet, .npmrc, Bundler), and a
 * Kubernetes Secret's base64 `data:` values.
 */

const b64 = (text: string) => Buffer.from(text).toString('base64');
const ESC_QUOTE = `\\\\{0,3}"`;

export const CONFIG_CREDENTIAL_RULES: RuleDefinition[] = [
  custom({
    id: 'basic-auth-header',
    description: 'HTTP Basic credentials in an Authorization header',
    keywords: ['basic '],
    regex: `Authorization["']?\\s{0,3}[:=,]\\s{0,3}["']?Basic\\s{1,3}([A-Za-z0-9+/]{8,400}={0,2})(?![A-Za-z0-9+/=])`,
    flags: 'i',
    secretGroup: 1,
    entropy: 2.5,
    validator: 'basic-credentials',
    sample: (r) => r.pick([
      `curl -H "Authorization: Basic ${b64(`deploy:${r.chars(CS.alnum.alphabet, 18)}`)}" https://ci.internal.test/api`,
      `headers: { Authorization: 'Basic ${b64(`svc-${r.chars(CS.lowerAlnum.alphabet, 5)}:${r.chars(CS.alnum.alphabet, 22)}`)}' },`,
    ]),
    nearMisses: (r) => [
      { text: `Authorization: Basic ${b64('user:password')}`, silent: true },
      { text: `Authorization: Basic ${b64(r.chars(CS.alnum.alphabet, 20))}`, silent: true },
      { text: 'Authorization: Basic ${BASIC_AUTH}', silent: true },
      { text: `Authorization: Basic ${b64('admin:')}`, silent: true },
    ],
  }),
  custom({
    id: 'docker-config-auth',
    description: 'Registry credentials in a Docker config (auths)',
    keywords: ['auths'],
    regex: `${ESC_QUOTE}auth${ESC_QUOTE}\\s{0,3}:\\s{0,3}${ESC_QUOTE}([A-Za-z0-9+/]{8,8000}={0,2})${ESC_QUOTE}`,
    secretGroup: 1,
    entropy: 2.5,
    validator: 'basic-credentials',
    sample: (r) => r.pick([
      `{"auths":{"registry.internal.test":{"auth":"${b64(`robot$ci:${r.chars(CS.alnum.alphabet, 24)}`)}"}}}`,
      `DOCKER_AUTH_CONFIG: '{\\"auths\\": {\\"ghcr.io\\": {\\"auth\\": \\"${b64(`bot:${r.chars(CS.alnum.alphabet, 30)}`)}\\"}}}'`,
      // A service-account key (GCR / Artifact Registry): `_json_key:` and the whole JSON key file, ~3 KB of base64.
      `{"auths":{"gcr.io":{"auth":"${b64(`_json_key:${JSON.stringify({ type: 'service_account', project_id: 'ci-images', private_key: `-----BEGIN PRIVATE KEY-----\\n${r.chars(CS.b64.alphabet, 1600)}\\n-----END PRIVATE KEY-----\\n`, client_email: 'puller@ci-images.iam.gserviceaccount.com' }, null, 2)}`)}"}}}`,
    ]),
    nearMisses: () => [
      { text: `{"auths":{"registry.internal.test":{"auth":""}}}`, silent: true },
      { text: `{"auths":{"registry.internal.test":{"auth":"${b64('user:password')}"}}}`, silent: true },
      { text: `{"auths":{"registry.internal.test":{"identitytoken":"", "auth":"${b64('no colon in here')}"}}}`, silent: true },
    ],
  }),
  custom({
    id: 'npmrc-auth',
    description: 'npm registry credentials (_auth, base64 of user:password) in an .npmrc',
    keywords: ['_auth'],
    regex: `(?:^|[\\s:])_auth\\s{0,3}=\\s{0,3}["']?([A-Za-z0-9+/]{8,400}={0,2})(?![A-Za-z0-9+/=])`,
    flags: 'm',
    secretGroup: 1,
    entropy: 2.5,
    validator: 'basic-credentials',
    sample: (r) => `//npm.internal.test/:_auth=${b64(`ci-bot:${r.chars(CS.alnum.alphabet, 20)}`)}`,
    nearMisses: () => [
      { text: '//npm.internal.test/:_auth=${NPM_AUTH}', silent: true },
      { text: `_auth=${b64('user:password')}`, silent: true },
    ],
  }),
  custom({
    id: 'curl-user-password',
    description: 'Password passed to curl -u / --user',
    keywords: ['curl'],
    regex: `curl\\b[^\\n]{0,300}?\\s(?:-u|--user)(?:\\s{1,3}|=)["']?([^\\s:"'$@]{1,64}):([^\\s"'$]{3,128})["']?(?=\\s|$)`,
    secretGroup: 2,
    entropy: 2.5,
    validator: 'url-password',
    sample: (r) => `curl -sS -u deploy:${r.chars(CS.alnum.alphabet, 20)} https://nexus.internal.test/service/rest/v1/status`,
    nearMisses: (r) => [
      { text: 'curl -u "$NEXUS_USER:$NEXUS_PASSWORD" https://nexus.internal.test', silent: true },
      { text: 'curl -u admin:admin http://localhost:8081', silent: true },
      { text: `curl -u ${r.chars(CS.lowerAlnum.alphabet, 6)}: https://api.internal.test`, silent: true },
    ],
  }),
  custom({
    id: 'nuget-cleartext-password',
    description: 'Clear-text password in a NuGet.config',
    keywords: ['cleartextpassword'],
    regex: `key=["']ClearTextPassword["']\\s{1,4}value=["']([^"'\\s]{4,128})["']`,
    flags: 'i',
    secretGroup: 1,
    entropy: 2.5,
    validator: 'url-password',
    sample: (r) => `      <add key="ClearTextPassword" value="${r.chars(CS.alnum.alphabet, 20)}" />`,
    nearMisses: () => [
      { text: '      <add key="ClearTextPassword" value="%NUGET_PASSWORD%" />', silent: true },
      { text: '      <add key="ClearTextPassword" value="password" />', silent: true },
    ],
  }),
  custom({
    id: 'bundler-credentials',
    description: 'Gem source credentials for Bundler (BUNDLE_<HOST> or bundle config), e.g. Sidekiq Pro',
    keywords: ['bundle_', 'bundle config'],
    regex: `(?:BUNDLE_[A-Z0-9_]{1,80}__[A-Z0-9]{1,20}\\s{0,2}[=:]\\s{0,2}["']?|bundle\\s{1,3}config\\s{1,3}(?:set\\s{1,3})?(?:--(?:global|local)\\s{1,3})?[\\w-]{1,60}(?:\\.[\\w-]{1,60}){1,5}\\s{1,3}["']?)([^\\s:"'$]{1,64}):([^\\s"'$]{4,128})`,
    secretGroup: 2,
    // Sidekiq Pro and similar sources issue 8-hex-digit halves: little entropy, still a credential.
    entropy: 1.5,
    validator: 'url-password',
    sample: (r) => r.pick([
      `BUNDLE_GEMS__CONTRIBSYS__COM=${r.chars(CS.hex.alphabet, 8)}:${r.chars(CS.hex.alphabet, 8)}`,
      `bundle config gems.contribsys.com ${r.chars(CS.hex.alphabet, 8)}:${r.chars(CS.hex.alphabet, 8)}`,
    ]),
    nearMisses: () => [
      { text: 'BUNDLE_GEMS__CONTRIBSYS__COM=${SIDEKIQ_CREDS}', silent: true },
      { text: 'BUNDLE_PATH__SYSTEM=true', silent: true },
      { text: 'bundle config set --local path vendor/bundle', silent: true },
    ],
  }),
  custom({
    id: 'kubernetes-secret-data',
    description: 'Credential in a Kubernetes Secret (base64 data: value)',
    keywords: ['kind: secret'],
    regex: `^[ \\t]{1,12}[\\w.\\-]{1,80}:[ \\t]{1,4}["']?([A-Za-z0-9+/]{12,4000}={0,2})["']?[ \\t]{0,4}\\r?$`,
    flags: 'm',
    secretGroup: 1,
    entropy: 2.5,
    validator: 'base64-credential',
    sample: (r) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:\n  username: ${b64('app')}\n  password: ${b64(r.chars(CS.alnum.alphabet, 20))}`,
    nearMisses: () => [
      { text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n  username: ${b64('application-user')}\n  mode: ${b64('production')}`, silent: true },
      { text: `apiVersion: v1\nkind: ConfigMap\ndata:\n  token: ${b64('Zq8rT2vL9mXc4pWs7yBn')}`, silent: false },
    ],
  }),
];
