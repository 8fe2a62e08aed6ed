import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EvidenceSchema, type Evidence } from '../gates/evidence/schema.js';

/** The evidence a finished runner left in its out folder, when it is there and valid. */
export async function readJobEvidence(outDir: string | undefined): Promise<Evidence | undefined> {
  if (!outDir) return undefined;
  try {
    const parsed = EvidenceSchema.safeParse(JSON.parse(await readFile(join(outDir, 'evidence.json'), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
