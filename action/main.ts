/**
 * The Action's entry point (bundled to dist/action.js). Whatever happens, the step ends with an
 * exit code, the outputs and a message: an unexpected crash is ERROR, with how to report it.
 */
import { setFailed, setOutput } from '@actions/core';
import { isMainThread } from 'node:worker_threads';
import { runAction } from './run-action.js';

// The bundle is one file, so a gate that starts a worker thread on its own module starts it on
// this file: only the main thread is the step.
if (isMainThread) {
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
}
