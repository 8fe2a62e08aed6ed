import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gateLogPath, gateLogsOf } from './gate-logs.js';
import { prepareOutDir } from './prepare-out-dir.js';
import { renderReport } from './render-report.js';
import type { Evidence } from './schema.js';
import { toSarif } from './to-sarif.js';

export interface EvidencePaths {
  evidencePath: string;
  reportPath: string;
  sarifPath: string;
}

/**
 * Writes evidence.json, report.md, results.sarif and each gate's full log (`logs/<gate>.log`,
 * linked from report.md) into outDir (created when missing). Logs of an earlier run are removed:
 * every log there belongs to this evidence.
 */
export async function writeEvidence(evidence: Evidence, outDir: string): Promise<EvidencePaths> {
  const dir = await prepareOutDir(outDir);
  const logs = gateLogsOf(evidence);
  await rm(join(dir, 'logs'), { recursive: true, force: true });
  if (logs.size > 0) {
    await mkdir(join(dir, 'logs'), { recursive: true });
    await Promise.all([...logs].map(([id, text]) => writeFile(join(dir, gateLogPath(id)), text)));
  }
  const paths = {
    evidencePath: join(dir, 'evidence.json'),
    reportPath: join(dir, 'report.md'),
    sarifPath: join(dir, 'results.sarif'),
  };
  await Promise.all([
    writeFile(paths.evidencePath, `${JSON.stringify(evidence, null, 2)}\n`),
    writeFile(paths.reportPath, renderReport(evidence, { logLinks: [...logs.keys()] })),
    writeFile(paths.sarifPath, `${JSON.stringify(toSarif(evidence), null, 2)}\n`),
  ]);
  return paths;
}
