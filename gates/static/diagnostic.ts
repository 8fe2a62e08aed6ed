/** One problem a static check reports, before it is placed on the diff. */
export interface Diagnostic {
  tool: string;
  /** Repository-relative path; absent for problems that name no file (a broken config). */
  file?: string;
  line?: number;
  column?: number;
  /** The tool's rule or error code (TS2322, no-unused-vars, F401). */
  code?: string;
  message: string;
  /** type and syntax errors are high, lint errors medium, warnings low. */
  kind: 'type' | 'syntax' | 'lint' | 'warning';
  /** Set by checks that compare with the base themselves (syntax checks). */
  preExisting?: boolean;
}

/** What one check did: the command it ran and what it found, or why it could not tell. */
export interface CheckResult {
  name: string;
  command: string;
  exitCode: number | null;
  durationMs: number;
  logSha256?: string;
  diagnostics: Diagnostic[];
  /** Set when the check could not produce trustworthy evidence; says why and what to do. */
  inconclusive?: string;
}
