import type { LokiConfig } from '../../gates/config/schema.js';
import { addedLinesToTexts, scanTexts } from '../../gates/secrets/index.js';
import { loadScanSetupAt } from '../../gates/secrets/load-scan-setup.js';
import type { AddedLinesScanner } from './scan-staged-secrets.js';

/**
 * Loki's own scanner (gates/secrets) on the lines about to be committed, with the repository's
 * allowlists as committed at `policyCommit` (the build's base): an agent cannot allow its own
 * secret by writing an ignore entry, a `.gitleaks.toml` or a `loki:allow` comment. A file the
 * scanner could not finish counts as a hit: an unproven absence of secrets is not a reason to
 * commit and push.
 */
export function defaultSecretScanner(config: LokiConfig, policyCommit: string): AddedLinesScanner {
  // The policy is a commit's: read it once per workspace, not before every checkpoint.
  const setups = new Map<string, ReturnType<typeof loadScanSetupAt>>();
  return async (files, cwd) => {
    if (!setups.has(cwd)) setups.set(cwd, loadScanSetupAt(cwd, policyCommit, config.secrets));
    const setup = await setups.get(cwd)!;
    const result = await scanTexts(addedLinesToTexts(files), { cwd, rules: setup.rules, settings: setup.settings });
    return [
      ...result.findings.map((f) => ({ file: f.file, line: f.line, rule: f.ruleId, redacted: f.redacted })),
      ...result.incomplete.map((f) => ({ file: f.file, line: 1, rule: 'scan-incomplete', redacted: f.reason })),
    ];
  };
}
