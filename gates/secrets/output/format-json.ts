import type { ScanResult } from '../types.js';

export const SECRETS_JSON_VERSION = 1;

/** The `--json` document: versioned, secrets redacted (findings never hold a raw secret). */
export function formatJson(result: ScanResult, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ schema_version: SECRETS_JSON_VERSION, tool: 'loki-secrets', ...extra, ...result }, null, 2)}\n`;
}
