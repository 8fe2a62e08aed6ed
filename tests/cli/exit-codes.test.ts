import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../gates/core/package-root.js';
import { VERDICT_EXIT_CODES } from '../../gates/evidence/schema.js';
import { STATUS_EXIT_CODES, type BuildOutcome } from '../../runner/build-outcome.js';
import { formatOutcome } from '../../runner/report/format-progress.js';
import { BuildOutcomeJsonSchema, buildOutcomeJson } from '../../cli/outcome-json.js';

const README = readFileSync(join(packageRoot(), 'README.md'), 'utf8');

/** The rows of the README table whose header starts with `header`: first cell (unquoted) → second cell. */
function readmeTable(header: string): Record<string, number> {
  const start = README.indexOf(`| ${header}`);
  expect(start, `README has a table headed "${header}"`).toBeGreaterThan(-1);
  const rows = README.slice(start).split('\n').slice(2);
  const table: Record<string, number> = {};
  for (const row of rows) {
    if (!row.startsWith('|')) break;
    const [word, exit] = row.split('|').slice(1, 3).map((cell) => cell.trim().replace(/`/g, ''));
    table[word!] = Number(exit);
  }
  return table;
}

describe('one vocabulary: statuses and exit codes', () => {
  it('the README table of build statuses is the code’s table', () => {
    expect(readmeTable('`loki build` / `run-job` status')).toEqual(STATUS_EXIT_CODES);
  });

  it('the README table of verdicts is the code’s table', () => {
    expect(readmeTable('`loki verify` verdict')).toEqual(VERDICT_EXIT_CODES);
  });

  it('the terminal line and the JSON say the same word and number for every status', () => {
    for (const [status, exitCode] of Object.entries(STATUS_EXIT_CODES)) {
      const outcome: BuildOutcome = { status: status as BuildOutcome['status'], exitCode, reason: 'why', costUsd: 0, iterations: 1 };
      expect(formatOutcome(outcome).split('\n')[0]).toBe(`loki build: ${status} (exit ${exitCode}) after 1 iteration, $0.00`);
      expect(BuildOutcomeJsonSchema.parse(buildOutcomeJson(outcome))).toMatchObject({ status, exit_code: exitCode });
    }
  });

  it('each command’s help states the exit codes of the table', async () => {
    const { main } = await import('../../cli/commands/build.js');
    let help = '';
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => ((help += chunk), true)) as typeof process.stdout.write;
    try {
      await main(['--help']);
    } finally {
      process.stdout.write = write;
    }
    for (const code of new Set(Object.values(STATUS_EXIT_CODES))) expect(help).toContain(`${code} `);
    expect(help).toMatch(/0 verified and done, 1 stopped unverified \(cap reached or stuck\), 2 refused or blocked, 3 error,\s+130 cancelled/);
  });
});
