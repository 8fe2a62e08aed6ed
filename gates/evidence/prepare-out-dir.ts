import { resolve } from 'node:path';
import { LokiError } from '../core/errors.js';
import { makeWritableDir } from '../core/writable-dir.js';

/**
 * Makes the evidence folder, or says why it cannot be written, before any gate runs: a read-only
 * checkout (a repository mounted :ro into the container) must not cost a whole verify and then
 * end in a stack trace.
 */
export async function prepareOutDir(outDir: string): Promise<string> {
  const dir = resolve(outDir);
  const problem = await makeWritableDir(dir);
  if (problem) {
    throw new LokiError('OUT_NOT_WRITABLE', `cannot write the evidence to ${dir} (${problem.code}${problem.uid === undefined ? '' : `, as uid ${problem.uid}`})`, {
      fix: 'pass --out with a folder you can write (for example --out /tmp/loki-verify), or make this one writable',
    });
  }
  return dir;
}
