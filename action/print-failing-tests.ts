import { endGroup, info, startGroup } from '@actions/core';
import type { Evidence } from '../gates/evidence/schema.js';

const MAX_PRINTED = 50;

/**
 * The failing tests' messages in the step log (expected, actual and file:line where the test report
 * gave them), so a red step explains itself without opening the check run; the gate's full log is
 * named for the rest.
 */
export function printFailingTests(evidence: Evidence, logDir?: string): void {
  const failing = evidence.findings.filter((f) => f.gate === 'tests' && (f.rule === 'test-failed' || f.rule === 'test-flaky'));
  if (failing.length === 0) return;
  const fresh = failing.filter((f) => !f.pre_existing).length;
  startGroup(`Loki: ${failing.length} failing test${failing.length === 1 ? '' : 's'}${fresh < failing.length ? ` (${failing.length - fresh} fail on the base too)` : ''}`);
  for (const f of failing.slice(0, MAX_PRINTED)) info(`${f.blocking ? '✗' : '•'} ${f.file && f.line ? `${f.file}:${f.line}: ` : ''}${f.message}`);
  if (failing.length > MAX_PRINTED) info(`… and ${failing.length - MAX_PRINTED} more (see the report)`);
  if (logDir) info(`The test run's full output: ${logDir}/tests.log`);
  endGroup();
}
