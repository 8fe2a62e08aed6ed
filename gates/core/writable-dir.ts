import { constants } from 'node:fs';
import { access, chmod, mkdir } from 'node:fs/promises';

/** Why a folder could not be made writable: the errno code (or the message) and this process's uid. */
export interface WritableDirProblem {
  code: string;
  uid: number | undefined;
}

/**
 * Creates `dir` (and enforces `mode` when given) and checks that this process can write it.
 * Resolves to undefined when it can, else to what stopped it; callers say which folder it was
 * and what to do.
 */
export async function makeWritableDir(dir: string, mode?: number): Promise<WritableDirProblem | undefined> {
  try {
    await mkdir(dir, { recursive: true, ...(mode === undefined ? {} : { mode }) });
    if (mode !== undefined) await chmod(dir, mode);
    await access(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    return { code: (error as NodeJS.ErrnoException).code ?? (error as Error).message, uid: process.getuid?.() };
  }
}
