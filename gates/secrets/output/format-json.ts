import { snakeCaseKeys } from '../../core/snake-case-keys.js';
import type { ScanResult } from '../types.js';

/** 2: keys are snake_case, like the evidence's (1 used the code's camelCase names). */
export const SECRETS_JSON_VERSION = 2;

/** The `--json` document: versioned, secrets redacted (findings never hold a raw secret). */
export function formatJson(result: ScanResult, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify(snakeCaseKeys({ schema_version: SECRETS_JSON_VERSION, tool: 'loki-secrets', ...extra, ...result }), null, 2)}\n`;
}
