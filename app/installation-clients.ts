import type { InstallationClient } from './services.js';

/**
 * One long-lived client per installation. Probot's installation Octokit renews its own token
 * (`@octokit/auth-app` mints a new one before the hour is up), and only requests sent through one
 * client are spaced by its throttling, so every handler, reconciliation pass and job end of an
 * installation shares it instead of creating its own.
 */
export function createInstallationClients(
  auth: (installationId: number) => Promise<unknown>,
  /** Sees every response's headers (the rate limit for /metrics). */
  onResponse?: (installationId: number, headers: Record<string, unknown> | undefined) => void,
): (installationId: number) => Promise<InstallationClient> {
  const clients = new Map<number, Promise<InstallationClient>>();
  return (installationId) => {
    let client = clients.get(installationId);
    if (!client) {
      client = auth(installationId).then((octokit) => {
        const hook = (octokit as { hook?: { after(name: 'request', fn: (response: { headers?: Record<string, unknown> }) => void): void } }).hook;
        if (onResponse) hook?.after('request', (response) => onResponse(installationId, response.headers));
        return octokit as InstallationClient;
      });
      // A failed authentication is not kept: the next call tries again.
      client.catch(() => clients.delete(installationId));
      clients.set(installationId, client);
    }
    return client;
  };
}
