import { compileFlaggedRegex } from './compile-flagged-regex.js';
import type { LokiConfig } from '../config/schema.js';
import type { ScanContext } from './scan-text.js';
import type { ScanSettings } from './types.js';

export const DEFAULT_FILE_BUDGET_MS = 2_000;

export function defaultScanSettings(): ScanSettings {
  return {
    allowPaths: [],
    allowPathRegexes: [],
    allowRegexes: [],
    stopwords: [],
    ignoreFingerprints: [],
    maxFileBytes: 2 * 1024 * 1024,
    skipLockfiles: true,
    skipVendored: true,
    fileBudgetMs: DEFAULT_FILE_BUDGET_MS,
    inlineAllow: true,
  };
}

/** The `secrets:` section of `.github/loki.yml` as scan settings (ignore files are read separately). */
export function settingsFromConfig(config: LokiConfig): ScanSettings {
  const s = config.secrets;
  return {
    ...defaultScanSettings(),
    allowPaths: [...s.allow_paths],
    allowRegexes: [...s.allow_regexes],
    maxFileBytes: s.max_file_bytes,
    skipLockfiles: s.skip_lockfiles,
    skipVendored: s.skip_vendored,
  };
}

export function compileContext(settings: ScanSettings): ScanContext {
  return {
    allowRegexes: settings.allowRegexes.map(compileFlaggedRegex),
    stopwords: settings.stopwords,
    ignore: new Set(settings.ignoreFingerprints),
    fileBudgetMs: settings.fileBudgetMs,
    inlineAllow: settings.inlineAllow,
  };
}
