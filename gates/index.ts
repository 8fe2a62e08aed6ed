/**
 * The gates engine's public API: what the runner, the Action, the App and the CLI import.
 * No GitHub dependency lives below this line.
 */
export { runVerify, type VerifyEvent, type VerifyOptions } from './verify/run-verify.js';
export type { Gate, GateContext, GateOutcome, FindingDraft } from './verify/gate.js';
export { DEFAULT_GATE_IDS } from './verify/registry.js';
export { writeEvidence, type EvidencePaths } from './evidence/write-evidence.js';
export { renderReport } from './evidence/render-report.js';
export { toSarif } from './evidence/to-sarif.js';
export { checkEvidence } from './evidence/check-evidence.js';
export { decideVerdict } from './evidence/decide-verdict.js';
export { EvidenceSchema, VERDICT_EXIT_CODES, type Evidence, type Finding, type GateRecord, type Verdict } from './evidence/schema.js';
export { LokiConfigSchema, type LokiConfig, type GateId, type Severity, type ProviderName } from './config/schema.js';
export { loadConfig, parseConfig, validateConfig, CONFIG_PATH } from './config/load-config.js';
export { LokiError, isLokiError, type LokiErrorCode } from './core/errors.js';
export { defaultBase } from './git/default-base.js';
