import { ResultCollector } from './collect-results.js';
import { loadScanSetup, type SecretsConfig } from './load-scan-setup.js';
import { compileRules, type CompiledRuleSet } from './compile-rules.js';
import { defaultRuleSources } from './rule-sources.js';
import { compileContext, defaultScanSettings } from './scan-settings.js';
import { scanText, type TextInput } from './scan-text.js';
import { pathSkipper } from './skip-file.js';
import type { RuleSource, ScanResult, ScanSettings } from './types.js';

export interface ScanTextsOptions {
  rules?: readonly RuleSource[];
  settings?: ScanSettings;
  /** With `config` and no `settings`/`rules`: read the repo's ignore files and gitleaks config from here. */
  cwd?: string;
  /** The `secrets:` section of the Loki config. */
  config?: SecretsConfig;
  /** Warnings from loading the setup, carried into the result. */
  warnings?: readonly string[];
}

/**
 * Scans texts already in memory (a staged diff, the added lines of a change, a generated file).
 * Path rules (allowlists, lock and vendored files, binary extensions) apply as in a tree scan.
 */
export async function scanTexts(files: readonly TextInput[], options: ScanTextsOptions = {}): Promise<ScanResult> {
  const setup = options.config && !options.settings && !options.rules ? await loadScanSetup(options.cwd ?? process.cwd(), options.config) : undefined;
  return scanTextsWith(files, setup ? { ...options, ...setup, warnings: [...(options.warnings ?? []), ...setup.warnings] } : options);
}

/** The synchronous core of scanTexts, for callers that already hold rules and settings. */
export function scanTextsWith(files: readonly TextInput[], options: ScanTextsOptions = {}): ScanResult {
  const settings = options.settings ?? defaultScanSettings();
  const ruleSet = options.rules ? compileRules(options.rules) : defaultRuleSet();
  const context = compileContext(settings);
  const skip = pathSkipper(settings);
  const collector = new ResultCollector([...(options.warnings ?? []), ...ruleSet.warnings]);
  for (const file of files) {
    const reason = skip(file.path) ?? (file.text.length > settings.maxFileBytes ? 'too-large' : file.text.includes('\0') ? 'binary' : undefined);
    if (reason) {
      collector.skip(reason);
      continue;
    }
    collector.add({ file: file.path, bytes: Buffer.byteLength(file.text), ...scanText(file, ruleSet, context) });
  }
  return collector.finish(0);
}

let defaults: CompiledRuleSet | undefined;

/** The built-in rules compiled once per process: the runner scans before every commit. */
function defaultRuleSet(): CompiledRuleSet {
  return (defaults ??= compileRules(defaultRuleSources()));
}
