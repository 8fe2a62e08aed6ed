import type { FileScanResult } from './scan-file.js';
import type { ScanResult, SkipReason } from './types.js';

/** Folds per-file results into one ScanResult; only findings are kept, so memory follows them, not the repo. */
export class ResultCollector {
  private readonly result: ScanResult = {
    findings: [],
    suppressed: [],
    incomplete: [],
    warnings: [],
    stats: { filesScanned: 0, bytesScanned: 0, skipped: {}, durationMs: 0, workers: 0 },
  };
  private readonly started = performance.now();

  constructor(warnings: readonly string[] = []) {
    this.result.warnings.push(...warnings);
  }

  warn(message: string): void {
    this.warnOnce([message]);
  }

  warnOnce(messages: readonly string[]): void {
    for (const m of messages) if (!this.result.warnings.includes(m)) this.result.warnings.push(m);
  }

  skip(reason: SkipReason): void {
    this.result.stats.skipped[reason] = (this.result.stats.skipped[reason] ?? 0) + 1;
  }

  add(file: FileScanResult): void {
    if (file.skipped) return this.skip(file.skipped);
    this.result.stats.filesScanned++;
    this.result.stats.bytesScanned += file.bytes;
    if (file.findings) this.result.findings.push(...file.findings);
    if (file.suppressed) this.result.suppressed.push(...file.suppressed);
    if (file.incomplete) this.result.incomplete.push({ file: file.file, reason: file.incomplete });
  }

  finish(workers: number): ScanResult {
    const byPlace = (a: { file: string; line: number; column: number }, b: typeof a) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
    this.result.findings.sort(byPlace);
    this.result.suppressed.sort(byPlace);
    this.result.stats.durationMs = Math.round(performance.now() - this.started);
    this.result.stats.workers = workers;
    return this.result;
  }
}
