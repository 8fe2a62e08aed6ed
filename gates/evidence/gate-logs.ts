import type { Evidence } from './schema.js';

/** Where a gate's full log goes, relative to the evidence folder (`.loki/verify/logs/<gate>.log`). */
export function gateLogPath(gateId: string): string {
  return `logs/${gateId}.log`;
}

/**
 * The full logs of a run's gates travel with its evidence object (not inside it: evidence.json
 * stays small and keeps only each log's hash) until writeEvidence puts them next to it.
 */
const logs = new WeakMap<Evidence, ReadonlyMap<string, string>>();

export function attachGateLogs(evidence: Evidence, gateLogs: ReadonlyMap<string, string>): Evidence {
  logs.set(evidence, gateLogs);
  return evidence;
}

export function gateLogsOf(evidence: Evidence): ReadonlyMap<string, string> {
  return logs.get(evidence) ?? new Map();
}
