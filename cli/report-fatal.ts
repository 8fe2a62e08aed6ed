import { isLokiError } from '../gates/core/errors.js';

/** Prints an error that stopped a command — problem, then fix — and returns exit code 3. */
export function reportFatal(error: unknown): number {
  if (isLokiError(error)) {
    process.stderr.write(`loki: ${error.message}\n${error.fix ? `Fix: ${error.fix}\n` : ''}`);
  } else {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`loki: internal error: ${message}\nFix: this is a bug in Loki; please report it with the output above.\n`);
  }
  return 3;
}
