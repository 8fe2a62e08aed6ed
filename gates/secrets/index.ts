/**
 * Loki's secret scanner. Everything callers need is exported here; the other modules are internal.
 *
 * Three ways to scan, all returning a `ScanResult` (findings with the secret redacted, stable
 * fingerprints, suppressed findings with the reason, files that could not be finished, stats):
 *
 * - `scanTexts(files, { cwd, config })` — texts in memory, e.g. the lines about to be committed.
 *   Each file is `{ path, text, lines? }`; `lines[i]` is the real line number of line i of `text`.
 * - `scanAddedLines(cwd, base, { config })` — diff mode: only lines added in
 *   merge-base(base, HEAD)..HEAD (cost follows the diff).
 * - `scanTree(root, { config, paths? })` — the whole tree (git-tracked and untracked, not ignored)
 *   or the given paths, on worker threads when the tree is big enough.
 *
 * Pass `config` (the `secrets:` section of `.github/loki.yml`) to honour the repository's
 * allowlists, `.lokisecretsignore`/`.gitleaksignore` and `.gitleaks.toml`; or pass `rules` and
 * `settings` from `loadScanSetup(root, config)` to load them once for many scans.
 *
 * A finding is suppressed (not reported, but counted) by a `loki:allow` or `gitleaks:allow`
 * comment on its line, its fingerprint in an ignore file, or an allow regex. A non-empty
 * `incomplete` list means some file ran out of its time budget: treat the scan as inconclusive.
 */
export { scanTexts, scanTextsWith, type ScanTextsOptions } from './scan-texts.js';
export { scanAddedLines, type AddedLinesScanResult, type ScanAddedLinesOptions } from './scan-added-lines.js';
export { scanTree, type ScanTreeOptions } from './scan-tree.js';
export type { ScanPath } from './list-files.js';
export { addedLinesToTexts } from './added-lines-to-texts.js';
export { loadScanSetup, type ScanSetup, type SecretsConfig } from './load-scan-setup.js';
export { defaultScanSettings, settingsFromConfig } from './scan-settings.js';
export { defaultRuleSources } from './rule-sources.js';
export { DEFAULT_RULES } from './rules/default-rules.js';
export { redactSecret } from './redact.js';
export { formatText } from './output/format-text.js';
export { formatJson } from './output/format-json.js';
export { formatSarif } from './output/format-sarif.js';
export type { TextInput } from './scan-text.js';
export type {
  IncompleteFile,
  RuleSource,
  ScanResult,
  ScanSettings,
  ScanStats,
  SecretFinding,
  SkipReason,
  SuppressedFinding,
  SuppressionReason,
} from './types.js';
