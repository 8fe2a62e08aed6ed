import { isGitHubCredential, isSecretShaped } from '../core/sensitive-env.js';

/**
 * The environment repository code starts from: rebuilt from an allowlist, never inherited. Only
 * what toolchains need to find themselves and their package indexes (locale, PATH, CA bundles,
 * proxies, pip/npm/go/rust/java locators) is copied from Loki's environment; a new variable on
 * the runner reaches nobody until it is named here. Anything secret-shaped is refused even when
 * its prefix is allowed (an npm `_authToken`, a pip index password).
 */
const EXACT = new Set([
  'PATH', 'LANG', 'LANGUAGE', 'TZ', 'TERM', 'SOURCE_DATE_EPOCH', 'DEBIAN_FRONTEND', 'NO_COLOR', 'FORCE_COLOR', 'COLORTERM',
  // Certificates (a corporate proxy's CA).
  'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'GIT_SSL_CAINFO',
  // Proxies: installs go through them.
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'all_proxy',
  // Toolchain locators (the toolchains themselves are mounted read-only).
  'PYENV_ROOT', 'PYENV_VERSION', 'PYTHONDONTWRITEBYTECODE', 'PYTHONUNBUFFERED',
  'RUSTUP_HOME', 'RUSTUP_TOOLCHAIN', 'RUST_BACKTRACE',
  'GOROOT', 'GOFLAGS', 'GOPROXY', 'GONOSUMDB', 'GONOPROXY', 'GOPRIVATE', 'GOTOOLCHAIN', 'GOSUMDB',
  'JAVA_HOME', 'MAVEN_OPTS', 'GRADLE_OPTS',
  'NVM_DIR', 'NVM_BIN', 'VOLTA_HOME',
]);
const PREFIXES = [/^LC_[A-Z]+$/, /^PIP_[A-Z_]+$/, /^npm_config_(registry|cafile|strict_ssl|proxy|https_proxy|noproxy)$/i, /^COREPACK_[A-Z_]+$/, /^UV_[A-Z_]+$/];
/** Carriers of credentials whatever their prefix: registry auth, index URLs with a password. */
const CREDENTIAL_PARTS = /AUTH|TOKEN|PASSWORD|SECRET|CREDENTIAL|_KEY$|KEYRING/i;

export function isAllowedInSandbox(name: string): boolean {
  if (isGitHubCredential(name) || isSecretShaped(name) || CREDENTIAL_PARTS.test(name)) return false;
  return EXACT.has(name) || PREFIXES.some((p) => p.test(name));
}

/** The allowlisted part of `base`. */
export function allowlistedEnv(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && isAllowedInSandbox(name)) env[name] = value;
  }
  return env;
}

/** Set inside every sandbox, whatever the caller asked for: its own home and temporary folder. */
export function fixedSandboxVars(home: string): Record<string, string> {
  return { HOME: home, TMPDIR: '/tmp', USER: 'loki', LOGNAME: 'loki', SHELL: '/bin/sh' };
}
