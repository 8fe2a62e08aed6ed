/**
 * Environment for one git command that talks to the remote. The token travels as an
 * `http.extraHeader` through GIT_CONFIG_COUNT/KEY/VALUE, so it is never written to .git/config,
 * to the workspace, or to a remote URL that git would echo in errors.
 */
export function gitAuthEnv(token: string | undefined, url?: string): Record<string, string> {
  const env: Record<string, string> = { GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never' };
  if (!token) return env;
  const basic = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
  env.GIT_CONFIG_COUNT = '1';
  // Scoped to the repository's host when the URL is known: a redirect, a submodule or an LFS
  // server elsewhere never receives it.
  env.GIT_CONFIG_KEY_0 = `http.${hostPrefix(url)}extraHeader`;
  env.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${basic}`;
  return env;
}

function hostPrefix(url: string | undefined): string {
  if (!url || !/^https?:\/\//i.test(url)) return '';
  const { protocol, host } = new URL(url);
  return `${protocol}//${host}/.`;
}

/** Removes a token (and its basic-auth form) from text before it is logged or reported. */
export function redactToken(text: string, token: string | undefined): string {
  if (!token) return text;
  const basic = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
  return text.split(token).join('***').split(basic).join('***');
}
