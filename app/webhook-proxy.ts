import { SmeeClient } from 'smee-client';

export interface ProxyLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * WEBHOOK_PROXY_URL (Probot's convention for local development): webhooks sent to a smee.io
 * channel are replayed, signature and all, to this server's webhook path. A channel that cannot
 * be reached is a warning, not a crash: the event source keeps reconnecting.
 */
export function startWebhookProxy(options: { source: string; target: string; log: ProxyLog }): { connected: Promise<boolean>; stop(): Promise<void> } {
  const details = { event: 'webhook-proxy', source: options.source };
  const text = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  const client = new SmeeClient({
    source: options.source,
    target: options.target,
    logger: {
      info: (...parts: unknown[]) => options.log.info(details, `webhook proxy: ${text(parts)}`),
      error: (...parts: unknown[]) => options.log.warn(details, `webhook proxy: ${text(parts)}`),
    },
  });
  // Not awaited: the App serves at once; the event source keeps reconnecting by itself.
  const connected = client.start().then(
    () => true,
    (error: unknown) => {
      options.log.warn({ ...details, err: error }, `could not connect to WEBHOOK_PROXY_URL ${options.source} yet: webhooks sent there arrive once it answers (check the URL, or unset WEBHOOK_PROXY_URL when GitHub can reach this server)`);
      return false;
    },
  );
  return { connected, stop: () => client.stop() };
}
