/**
 * The secret scanner's data model. Rules are plain data (`RuleSource`) so they can cross into
 * worker threads and come from a `.gitleaks.toml`; `CompiledRule` is what a scan actually runs.
 */

/** Extra checks a match must pass, named (not functions) so they survive structured cloning. */
export type RuleValidator = 'generic-value' | 'url-password' | 'basic-credentials' | 'base64-credential';

export interface RuleAllowlist {
  /** Matches of these (JS) regexes against the secret are not findings. */
  regexes?: string[];
  /** Path regexes (JS source, as in gitleaks) the rule does not apply to. */
  paths?: string[];
  /** Secrets containing one of these words (case-insensitive) are not findings. */
  stopwords?: string[];
}

export interface RuleSource {
  id: string;
  description: string;
  /** Lower-case literals; the rule runs on a file only when one occurs in it. Empty: always runs. */
  keywords: string[];
  /** JavaScript regex source; must be linear (bounded quantifiers only) for built-in rules. */
  regex: string;
  /** Regex flags besides `g` (e.g. `i`). */
  flags?: string;
  /** Capture group holding the secret; 0 = the whole match. Default: 1 when the regex has groups. */
  secretGroup?: number;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  validator?: RuleValidator;
  allowlist?: RuleAllowlist;
  /** Where the rule came from: built in, or a gitleaks config file. */
  origin?: 'loki' | 'gitleaks';
}

/** A match that the scanner reports. The raw secret never leaves the scanner. */
export interface SecretFinding {
  ruleId: string;
  description: string;
  /** Path relative to the scan root, `/`-separated. */
  file: string;
  line: number;
  column: number;
  /** The matched text with the secret redacted (one line, at most 200 characters). */
  match: string;
  /** The secret, redacted (a short prefix then asterisks). */
  redacted: string;
  /** Stable id: survives line moves; equals the evidence finding id of the `secrets` gate. */
  fingerprint: string;
  /** Digest of the secret alone (16 hex): the same secret in two places has the same digest. */
  secretDigest: string;
  entropy: number;
  /** Why the value reads as sample data (a JWT with an empty or a sample payload), when it does. */
  sample?: string;
}

export type SuppressionReason = 'inline-comment' | 'ignore-file' | 'allow-regex' | 'rule-allowlist';

export interface SuppressedFinding extends SecretFinding {
  suppressedBy: SuppressionReason;
}

export type SkipReason = 'binary' | 'too-large' | 'vendored' | 'lockfile' | 'allow-path' | 'unreadable';

/** What a scan needs besides the rules; all plain data so it can be sent to workers. */
export interface ScanSettings {
  /** Path globs never scanned (config `secrets.allow_paths`, gitleaks allowlist paths). */
  allowPaths: string[];
  /** Path regexes never scanned (gitleaks global allowlist `paths`). */
  allowPathRegexes: string[];
  /** Regexes (JS source) that make a secret or its match not a finding. */
  allowRegexes: string[];
  /** Stopwords from a gitleaks global allowlist. */
  stopwords: string[];
  /** Fingerprints to ignore (ours, 16 hex) and gitleaks-style `file:rule:line` entries. */
  ignoreFingerprints: string[];
  maxFileBytes: number;
  skipLockfiles: boolean;
  skipVendored: boolean;
  /** Time a single file may take; a file that runs out is reported as incomplete. */
  fileBudgetMs: number;
  /** Honour `loki:allow`/`gitleaks:allow` comments (off when judging a change: its comments are its own). */
  inlineAllow: boolean;
}

export interface IncompleteFile {
  file: string;
  reason: string;
}

export interface ScanStats {
  filesScanned: number;
  bytesScanned: number;
  skipped: Partial<Record<SkipReason, number>>;
  durationMs: number;
  /** Worker threads used (0 = scanned in the calling thread). */
  workers: number;
}

export interface ScanResult {
  findings: SecretFinding[];
  suppressed: SuppressedFinding[];
  /** Files whose scan could not finish (time budget): their absence of findings proves nothing. */
  incomplete: IncompleteFile[];
  /** Problems with the configuration (e.g. a gitleaks rule in Go-only regex syntax) that did not stop the scan. */
  warnings: string[];
  stats: ScanStats;
}
