import { readFile } from 'node:fs/promises';
import { LokiError } from '../core/errors.js';
import { normaliseSpec } from './normalise-spec.js';
import type { Spec } from './spec-schema.js';

/** Reads and normalises a spec file; `ref` is how the spec is named (default: the path as given). */
export async function readSpecFile(path: string, ref = path): Promise<Spec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LokiError('SPEC_NOT_FOUND', `cannot read the spec ${ref}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`, {
      fix: 'pass the path of an existing spec file (Markdown, .txt, JSON, YAML or OpenAPI 3), or owner/repo#N for a GitHub issue',
      cause: error,
    });
  }
  return normaliseSpec({ source: 'file', text, path, ref });
}
