import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { prepareOutDir } from './prepare-out-dir.js';
import { renderReport } from './render-report.js';
import type { Evidence } from './schema.js';
import { toSarif } from './to-sarif.js';

export interface EvidencePaths {
  evidencePath: string;
  reportPath: string;
  sarifPath: string;
}

/** Writes evidence.json, report.md and results.sarif into outDir (created when missing). */
export async function writeEvidence(evidence: Evidence, outDir: string): Promise<EvidencePaths> {
  const dir = await prepareOutDir(outDir);
  const paths = {
    evidencePath: join(dir, 'evidence.json'),
    reportPath: join(dir, 'report.md'),
    sarifPath: join(dir, 'results.sarif'),
  };
  await Promise.all([
    writeFile(paths.evidencePath, `${JSON.stringify(evidence, null, 2)}\n`),
    writeFile(paths.reportPath, renderReport(evidence)),
    writeFile(paths.sarifPath, `${JSON.stringify(toSarif(evidence), null, 2)}\n`),
  ]);
  return paths;
}
