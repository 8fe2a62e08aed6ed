import { readFileSync, statSync } from 'node:fs';
import type { CompiledRuleSet } from './compile-rules.js';
import { looksBinary } from './skip-file.js';
import { scanText, type ScanContext, type TextScanOutcome } from './scan-text.js';
import type { SkipReason } from './types.js';

export interface FileScanResult extends Partial<TextScanOutcome> {
  file: string;
  skipped?: SkipReason;
  bytes: number;
}

/**
 * Reads one file (already past the path checks) and scans it; size and content decide skips.
 * Synchronous on purpose: it runs in a worker or a scan loop, and small sync reads cost far less
 * than a trip through the libuv thread pool.
 */
export function scanFile(absolutePath: string, relativePath: string, ruleSet: CompiledRuleSet, context: ScanContext, maxFileBytes: number): FileScanResult {
  try {
    const info = statSync(absolutePath);
    if (!info.isFile()) return { file: relativePath, skipped: 'unreadable', bytes: 0 };
    if (info.size > maxFileBytes) return { file: relativePath, skipped: 'too-large', bytes: 0 };
    const content = readFileSync(absolutePath);
    if (looksBinary(content)) return { file: relativePath, skipped: 'binary', bytes: 0 };
    const outcome = scanText({ path: relativePath, text: content.toString('utf8') }, ruleSet, context);
    return { file: relativePath, bytes: content.length, ...outcome };
  } catch {
    // Vanished between listing and reading, or unreadable: counted, never fatal.
    return { file: relativePath, skipped: 'unreadable', bytes: 0 };
  }
}
