import type { LokiConfig } from '../config/schema.js';

/** `verify.timeout_minutes.install`, else the calling gate's own timeout. */
export function installTimeoutMs(ctx: { config: LokiConfig; timeoutMs: number }): number {
  const minutes = ctx.config.verify.timeout_minutes.install;
  return minutes ? minutes * 60_000 : ctx.timeoutMs;
}
