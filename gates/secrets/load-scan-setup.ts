import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LokiConfig } from '../config/schema.js';
import { LokiError } from '../core/errors.js';
import { showFile } from '../git/git.js';
import { compileFlaggedRegex } from './compile-flagged-regex.js';
import { readGitleaksConfig } from './gitleaks/read-gitleaks-config.js';
import { defaultRuleSources } from './rule-sources.js';
import { settingsFromConfig } from './scan-settings.js';
import type { RuleSource, ScanSettings } from './types.js';

export type SecretsConfig = LokiConfig['secrets'];

export interface ScanSetup {
  rules: RuleSource[];
  settings: ScanSettings;
  /** Things in the repo's suppression files that Loki could not use; the scan still ran. */
  warnings: string[];
}

/** Reads a repository file by its repo-relative path; undefined when it does not exist. */
export type PolicyReader = (path: string) => Promise<string | undefined>;

/**
 * Everything a scan of a repository needs from the repository itself: the `secrets:` config,
 * the ignore files (`.lokisecretsignore` and `.gitleaksignore`) and a `.gitleaks.toml`.
 * By default they are read from the working tree at `root`; `read` reads them elsewhere.
 */
export async function loadScanSetup(root: string, config: SecretsConfig, read: PolicyReader = (path) => readOptional(join(root, path))): Promise<ScanSetup> {
  const settings = settingsFromConfig({ secrets: config } as LokiConfig);
  validatePatterns(settings.allowRegexes, 'secrets.allow_regexes');
  const warnings: string[] = [];
  const ignore = new Set<string>();
  for (const name of new Set([config.ignore_file, '.gitleaksignore'])) {
    for (const entry of ignoreEntries(await read(name))) ignore.add(entry);
  }
  settings.ignoreFingerprints = [...ignore];

  let rules = defaultRuleSources();
  const gitleaksText = await read(config.gitleaks_config);
  if (gitleaksText !== undefined) {
    const gitleaks = readGitleaksConfig(gitleaksText, config.gitleaks_config);
    const replaced = new Set([...gitleaks.disabledRules, ...gitleaks.rules.map((r) => r.id)]);
    rules = [...gitleaks.rules, ...rules.filter((r) => !replaced.has(r.id))];
    settings.allowPathRegexes.push(...gitleaks.allowPathRegexes);
    settings.allowRegexes.push(...gitleaks.allowRegexes);
    settings.stopwords.push(...gitleaks.stopwords);
    warnings.push(...gitleaks.warnings);
  }
  return { rules, settings, warnings };
}

/**
 * The suppression policy as committed at `commit` (a change's merge-base, a build's base): a
 * change cannot bring the allowlist, ignore entry or rule file that judges it. Inline
 * `loki:allow`/`gitleaks:allow` comments are off too, since every line a change adds is its own.
 */
export async function loadScanSetupAt(cwd: string, commit: string, config: SecretsConfig): Promise<ScanSetup> {
  const setup = await loadScanSetup(cwd, config, (path) => showFile(cwd, commit, path));
  setup.settings.inlineAllow = false;
  return setup;
}

function validatePatterns(patterns: readonly string[], key: string): void {
  for (const pattern of patterns) {
    try {
      compileFlaggedRegex(pattern);
    } catch (error) {
      throw new LokiError('CONFIG_INVALID', `${key} holds an invalid regex ${JSON.stringify(pattern)}: ${(error as Error).message}`, {
        fix: `correct or remove that entry of ${key} in .github/loki.yml`,
      });
    }
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LokiError('CONFIG_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`, { fix: `make ${path} readable or remove it` });
  }
}

/** Non-empty, non-comment lines of an ignore file. */
function ignoreEntries(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'))
    .map(gitleaksEntry);
}

/** gitleaks writes `commit:file:rule:line`; the commit part is dropped so entries match a working-tree scan. */
function gitleaksEntry(entry: string): string {
  const parts = entry.split(':');
  return parts.length === 4 && /^[0-9a-f]{7,40}$/.test(parts[0] as string) ? parts.slice(1).join(':') : entry;
}
