import { CONFIG_PATH } from '../config/load-config.js';
import { normaliseLine } from '../evidence/fingerprint.js';
import type { ChangedFile } from '../git/parse-diff.js';
import type { FindingDraft } from '../verify/gate.js';
import { clip } from './scan-added-lines.js';

/**
 * Entries added to secret-scan ignore files, and edits to Loki's own config: both can switch
 * a check off without touching the code it checks.
 */
export function findAllowlistChanges(files: readonly ChangedFile[], secretsIgnoreFile: string, gitleaksConfig = '.gitleaks.toml'): FindingDraft[] {
  const ignoreFiles = new Set([secretsIgnoreFile, '.gitleaksignore', '.secrets.baseline', '.lokisecretsignore']);
  const findings: FindingDraft[] = [];
  for (const file of files) {
    if (file.path === gitleaksConfig && file.additions > 0) {
      findings.push({
        rule: 'secret-rules-changed',
        severity: 'high',
        file: file.path,
        key: file.path,
        message: `The change ${file.status === 'added' ? 'adds' : 'edits'} the secret scanner's rule file ${file.path}, which can allowlist paths or disable rules. It does not apply to this change (the policy is the merge-base's). Fix: change scanner rules in a separate PR a maintainer reviews.`,
      });
    } else if (ignoreFiles.has(file.path)) {
      for (const [line, text] of file.addedLines) {
        if (!text.trim() || text.trim().startsWith('#')) continue;
        findings.push({
          rule: 'new-suppression',
          severity: 'high',
          file: file.path,
          line,
          key: normaliseLine(text),
          message: `The change adds a secret-scan ignore entry \`${clip(text.trim())}\`. Fix: remove the secret from the code (and rotate it) instead of ignoring the finding.`,
        });
      }
    } else if (file.path === CONFIG_PATH && file.status !== 'added' && file.deletions > 0) {
      findings.push({
        rule: 'verify-config-changed',
        severity: 'medium',
        file: file.path,
        key: file.path,
        message: `The change edits Loki's own configuration (${file.deletions} line${file.deletions === 1 ? '' : 's'} removed), which can switch checks off. Fix: make configuration changes in a separate PR a maintainer reviews.`,
      });
    }
  }
  return findings;
}
