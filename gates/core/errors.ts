/**
 * Typed errors: every failure that stops Loki from running carries a code (for scripts and tests)
 * and a fix (for the human reading it). A failing gate is not an error: it is a GateResult.
 */
export const ERROR_CODES = [
  'USAGE',
  'CONFIG_INVALID',
  'CONFIG_UNREADABLE',
  'NOT_A_GIT_REPO',
  'REPO_NOT_OWNED',
  'OUT_NOT_WRITABLE',
  'GIT_FAILED',
  'UNSAFE_REF',
  'OUTPUT_TRUNCATED',
  'DIFF_UNREADABLE',
  'BASE_NOT_FOUND',
  'SHALLOW_CLONE',
  'HEAD_NOT_FOUND',
  'EVIDENCE_INVALID',
  'EVIDENCE_STALE',
  'SPEC_INVALID',
  'SPEC_NOT_FOUND',
  'LOCK_INVALID',
  'PROVIDER_MISSING',
  'PROVIDER_UNAUTHENTICATED',
  'PROVIDER_FAILED',
  'PROVIDER_OUTPUT_INVALID',
  'JOB_INVALID',
  'GITHUB_FAILED',
  'TIMEOUT',
  'CANCELLED',
  'LEASE_LOST',
  'INTERNAL',
] as const;

export type LokiErrorCode = (typeof ERROR_CODES)[number];

export interface LokiErrorOptions {
  /** What the user should do about it, phrased as an instruction. */
  fix?: string;
  cause?: unknown;
}

export class LokiError extends Error {
  readonly code: LokiErrorCode;
  readonly fix: string | undefined;

  constructor(code: LokiErrorCode, message: string, options: LokiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LokiError';
    this.code = code;
    this.fix = options.fix;
  }

  /** One or two lines for a terminal, a status comment or a check run. */
  describe(): string {
    return this.fix ? `${this.message}\nFix: ${this.fix}` : this.message;
  }
}

export function isLokiError(value: unknown): value is LokiError {
  return value instanceof LokiError;
}

/** Normalises anything thrown into a LokiError, keeping the original as the cause. */
export function toLokiError(value: unknown, code: LokiErrorCode = 'INTERNAL'): LokiError {
  if (value instanceof LokiError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new LokiError(code, message, { cause: value });
}
