import { stripVTControlCharacters } from 'node:util';
import { clipLine } from '../core/clip-line.js';
import { firstErrorLine } from '../core/first-error-line.js';

/** pip's own frame around a subprocess's failure: it says that something failed, never what. */
const WRAPPER = /^\s*(error: (subprocess-exited-with-error|metadata-generation-failed)\b|ERROR: (Exception:|Failed building|Could not build)|note: |hint: |[×│╰])|See above for/;
/** The last line of a Python traceback: `ModuleNotFoundError: No module named 'flit_core'`. */
const EXCEPTION = /^\s*([\w.]+\.)?[A-Z]\w*(Error|Exception|Unavailable|Exit)(: .*)?$/;
const ERROR = /^\s*(ERROR|error):\s+\S/;

/**
 * The line of a pip log that says what went wrong: the exception a build backend raised (the last
 * line of its traceback), else pip's first `ERROR:` (a requirement no index has), else the first
 * error-like line — never pip's "subprocess-exited-with-error" frame.
 */
export function pipErrorLine(log: string): string | undefined {
  const lines = stripVTControlCharacters(log).split('\n').filter((line) => !WRAPPER.test(line));
  if (lines.some((line) => /^\s*Traceback \(most recent call last\)/.test(line))) {
    const raised = lines.findLast((line) => EXCEPTION.test(line));
    if (raised) return clipLine(raised);
  }
  const error = lines.find((line) => ERROR.test(line));
  return error ? clipLine(error) : firstErrorLine(lines.join('\n'));
}

