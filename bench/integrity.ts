import { countAssertions } from '../gates/integrity/count-assertions.js';
import { declaresTestCase } from '../gates/integrity/count-test-cases.js';
import { scanAddedLines } from '../gates/integrity/scan-added-lines.js';
import type { ChangedFile } from '../gates/git/parse-diff.js';
import { PATHOLOGICAL_FAMILIES, pathologicalLine } from '../tests/support/pathological-lines.js';
import { median, printTable } from './measure.js';

const PATHS = ['test/a.test.ts', 'tests/test_a.py', 'vitest.config.ts', 'test/setup.js', 'src/a.ts'];

function added(path: string, line: string): ChangedFile {
  return { path, oldPath: undefined, status: 'modified', binary: false, additions: 1, deletions: 0, addedLines: new Map([[1, line]]), removedLines: new Map() };
}

/** Median of 3 passes of every rule over one line. */
async function timeLine(line: string): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    for (const path of PATHS) await scanAddedLines([added(path, line)], [], async () => line);
    countAssertions(line);
    declaresTestCase(line);
    times.push(performance.now() - started);
  }
  return median(times);
}

/** The integrity rules on the attack lines of tests/attacks: the slowest line of each family, at 100 and 200 KB. */
export async function benchIntegrity(): Promise<void> {
  const rows: Array<[string, string]> = [];
  for (const [family, lines] of Object.entries(PATHOLOGICAL_FAMILIES)) {
    let worst = { ms: 0, line: '', double: 0 };
    for (const [prefix, fill] of lines) {
      const ms = await timeLine(pathologicalLine(prefix, fill));
      if (ms > worst.ms) worst = { ms, line: `${JSON.stringify(prefix)} + ${JSON.stringify(fill)}…`, double: await timeLine(pathologicalLine(prefix, fill, 200_000)) };
    }
    rows.push([family, `${worst.ms.toFixed(0)} ms at 100 KB, ${worst.double.toFixed(0)} ms at 200 KB (${worst.line}; ${PATHS.length} paths, every rule)`]);
  }
  printTable('Integrity rules on 100 KB attack lines (slowest line of each family, median of 3; linear: 200 KB ≈ 2×)', rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchIntegrity();
