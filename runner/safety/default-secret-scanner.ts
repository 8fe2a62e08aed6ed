import type { LokiConfig } from '../../gates/config/schema.js';
import { addedLinesToTexts, scanTexts } from '../../gates/secrets/index.js';
import type { AddedLinesScanner } from './scan-staged-secrets.js';

/**
 * Loki's own scanner (gates/secrets) on the lines about to be committed, with the repository's
 * allowlists. A file the scanner could not finish counts as a hit: an unproven absence of
 * secrets is not a reason to commit and push.
 */
export function defaultSecretScanner(config: LokiConfig): AddedLinesScanner {
  return async (files, cwd) => {
    const result = await scanTexts(addedLinesToTexts(files), { cwd, config: config.secrets });
    return [
      ...result.findings.map((f) => ({ file: f.file, line: f.line, rule: f.ruleId, redacted: f.redacted })),
      ...result.incomplete.map((f) => ({ file: f.file, line: 1, rule: 'scan-incomplete', redacted: f.reason })),
    ];
  };
}
