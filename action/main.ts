/**
 * The Action's entry point (bundled to dist/action.js). Whatever happens, the step ends with an
 * exit code, the outputs and a message: an unexpected crash is ERROR, with how to report it.
 */
import { setFailed, setOutput } from '@actions/core';
import { runAction } from './run-action.js';

runAction().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    setOutput('verdict', 'ERROR');
    setOutput('exit-code', '3');
    setFailed(`Loki Verify: internal error: ${detail}\nFix: this is a bug in Loki; please report it with this log.`);
    process.exitCode = 3;
  },
);
