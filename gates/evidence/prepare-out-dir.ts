import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LokiError, toLokiError } from '../core/errors.js';

/**
 * Makes the evidence folder, or says why it cannot be written, before any gate runs: a read-only
 * checkout (a repository mounted :ro into the container) must not cost a whole verify and then
 * end in a stack trace.
 */
export async function prepareOutDir(outDir: string): Promise<string> {
  const dir = resolve(outDir);
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    return dir;
  } catch (error) {
    const cause = toLokiError(error);
    const code = (error as NodeJS.ErrnoException).code;
    throw new LokiError('OUT_NOT_WRITABLE', `cannot write the evidence to ${dir}${code ? ` (${code}${process.getuid ? `, as uid ${process.getuid()}` : ''})` : `: ${cause.message}`}`, {
      fix: 'pass --out with a folder you can write (for example --out /tmp/loki-verify), or make this one writable',
      cause: error,
    });
  }
}
